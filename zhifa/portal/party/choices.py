"""Code lists of the party portal."""

from __future__ import annotations

from django.db import models


class RequestKind(models.TextChoices):
    HEARING = "hearing", "听证申请"  # 处罚法第六十四条第一项
    STATEMENT = "statement", "陈述、申辩"  # 处罚法第四十五条
    DEFERRAL = "deferral", "延期缴纳罚款申请"  # 处罚法第六十六条第二款
    INSTALMENTS = "instalments", "分期缴纳罚款申请"  # 处罚法第六十六条第二款


class ConsentChannel(models.TextChoices):
    """电子送达的方式 (处罚法第六十一条第二款: 传真、电子邮件等; SAMR程序规定第八十二条)."""

    EMAIL = "email", "电子邮件"
    SMS = "sms", "手机短信"
    FAX = "fax", "传真"


class SessionEnd(models.TextChoices):
    LOGOUT = "logout", "退出登录"
    IDLE = "idle", "长时间未操作"
    EXPIRED = "expired", "超过最长登录时间"
    REGENERATED = "regenerated", "查询码已重新生成"
