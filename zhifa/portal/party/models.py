"""The party portal's records: the access code of a party to a case (hashed for login, sealed for
printing on later documents), its sessions and failed logins, the documents the party read, the
electronic-service consent and what the party filed (hearing, statement, deferral, instalments)."""

from __future__ import annotations

from django.db import models

from zhifa.core.models import actor_field

from .choices import ConsentChannel, RequestKind, SessionEnd


class PartyAccess(models.Model):
    """当事人查询码: one per case and party. `code_hash` (Django's salted password hasher) checks a
    login; `code_cipher` (SM4-GCM, zhifa.core.crypto_fields) lets later served documents print the same
    code. The plain code is never stored; regeneration replaces both and ends the open sessions."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(
        "parties.Party", verbose_name="当事人", on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="办案单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12)
    code_hash = models.CharField("查询码摘要", max_length=200)
    code_cipher = models.BinaryField("查询码密文", editable=False)
    generation = models.PositiveIntegerField("版本", default=1)
    issued_at = models.DateTimeField("生成时间")
    issued_by = actor_field("生成人")
    last_login_at = models.DateTimeField("最近登录", null=True, blank=True)

    class Meta:
        verbose_name = "当事人查询码"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["case", "party"], name="party_access_unique")]

    def __str__(self) -> str:
        return f"查询码 案件{self.case_id} 第{self.generation}版"


class PartySession(models.Model):
    """A signed-in party, limited to the access's case. The cookie holds the signed session key;
    the row keeps only its SM3 digest."""

    access = models.ForeignKey(PartyAccess, on_delete=models.CASCADE, related_name="sessions")
    key_digest = models.CharField("会话摘要", max_length=64, unique=True)
    generation = models.PositiveIntegerField("查询码版本")
    ip = models.CharField("IP", max_length=45, blank=True)
    created_at = models.DateTimeField("登录时间")
    last_seen_at = models.DateTimeField("最近活动")
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    end_reason = models.CharField("结束原因", max_length=16, choices=SessionEnd.choices, blank=True)

    class Meta:
        verbose_name = "当事人登录会话"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["access", "-created_at"], name="party_session_access_idx")]


class PartyLoginFailure(models.Model):
    """A failed login, counted per submitted case number (lockout) and per IP (rate limit) —
    whether or not the number exists, so the answer never tells."""

    case_number = models.CharField("案件编号（输入）", max_length=64)
    ip = models.CharField("IP", max_length=45, blank=True)
    occurred_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "当事人登录失败"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["case_number", "occurred_at"], name="party_fail_number_idx"),
            models.Index(fields=["ip", "occurred_at"], name="party_fail_ip_idx"),
        ]


class PartyDocumentRead(models.Model):
    """查阅: the party opened a served document in the portal."""

    access = models.ForeignKey(PartyAccess, on_delete=models.CASCADE, related_name="reads")
    document = models.ForeignKey(
        "documents.Document", verbose_name="文书", on_delete=models.PROTECT, related_name="+"
    )
    first_read_at = models.DateTimeField("首次查阅")
    last_read_at = models.DateTimeField("最近查阅")
    read_count = models.PositiveIntegerField("查阅次数", default=1)

    class Meta:
        verbose_name = "当事人查阅记录"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["access", "document"], name="party_read_unique")]


class ElectronicServiceConsent(models.Model):
    """电子送达确认 (处罚法第六十一条第二款): the party agrees to be served electronically at the address
    given, recorded with time and IP; it may be withdrawn (a withdrawn row stays as the record)."""

    access = models.ForeignKey(PartyAccess, on_delete=models.CASCADE, related_name="consents")
    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="办案单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12)
    channel = models.CharField("送达方式", max_length=8, choices=ConsentChannel.choices)
    address = models.CharField("电子送达地址", max_length=200)
    statement = models.TextField("确认内容")
    given_at = models.DateTimeField("确认时间")
    ip = models.CharField("IP", max_length=45, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_ip = models.CharField("撤回IP", max_length=45, blank=True)

    class Meta:
        verbose_name = "电子送达确认"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["case", "-given_at"], name="party_consent_case_idx")]


class PartyRequest(models.Model):
    """What the party filed through the portal, with the window it was filed in and the 待办 it
    gave the handling officer."""

    access = models.ForeignKey(PartyAccess, on_delete=models.CASCADE, related_name="requests")
    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="办案单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12)
    kind = models.CharField("类型", max_length=12, choices=RequestKind.choices)
    text = models.TextField("内容/理由", blank=True)
    deferred_to = models.DateField("申请延期至", null=True, blank=True)
    instalments = models.JSONField("分期计划", default=list, blank=True)
    window_ends_on = models.DateField("申请期限", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间")
    ip = models.CharField("IP", max_length=45, blank=True)
    task = models.ForeignKey(
        "worklist.Task",
        verbose_name="待办",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "当事人申请"
        verbose_name_plural = verbose_name
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["case", "-submitted_at"], name="party_request_case_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.submitted_at:%Y-%m-%d}"
