from django.db import models


class ClueChannel(models.TextChoices):
    """线索来源渠道 (spec/02 §1.1.1.2; issue #4)."""

    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    MEDIA = "media", "媒体曝光"
    REFERRAL = "referral", "移送"
    ASSIGNMENT = "assignment", "上级交办"
    INSPECTION = "inspection", "检查发现"
    HOTLINE_12345 = "hotline_12345", "12345热线"
    AUTO_DISCOVERY = "auto_discovery", "智能发现"


class ClueState(models.TextChoices):
    REGISTERED = "registered", "已登记"
    ACCEPTED = "accepted", "已受理"
    REJECTED = "rejected", "不予受理"
    ASSIGNED = "assigned", "已分派"
    HANDLED = "handled", "已办结"
    MERGED = "merged", "已并案"


OPEN_STATES = (ClueState.REGISTERED, ClueState.ACCEPTED, ClueState.ASSIGNED)


class ClueOutcome(models.TextChoices):
    OPENED_CASE = "opened_case", "立案查处"
    OPENED_INSPECTION = "opened_inspection", "转入检查"
    REFERRED = "referred", "移送其他机关"
    CLOSED = "closed", "核查后办结（不予立案）"


class CluePriority(models.TextChoices):
    LOW = "low", "一般"
    NORMAL = "normal", "较急"
    HIGH = "high", "紧急"
    URGENT = "urgent", "特急"


class ReplyChannel(models.TextChoices):
    LETTER = "letter", "书面函件"
    SMS = "sms", "短信"
    EMAIL = "email", "电子邮件"
    # 网上查询: the reply is read on the public tracking page with the reporter's tracking code
    # (zhifa.portal.complaints) — a reporter who left no contact can still be answered.
    PORTAL = "portal", "网上查询（凭跟踪码）"
    NONE = "none", "不需答复"


class ReplyStatus(models.TextChoices):
    QUEUED = "queued", "待发送"
    SENT = "sent", "已发送"
    RECORDED = "recorded", "已登记（待寄送）"
    FAILED = "failed", "发送失败"


# Channel → cases.CaseSource value (plain strings: clues sits beside cases and calls it only to open
# a case; the values are those of zhifa.cases.choices.CaseSource).
CASE_SOURCE_FOR_CHANNEL = {
    ClueChannel.COMPLAINT: "complaint",
    ClueChannel.REPORT: "report",
    ClueChannel.MEDIA: "other",
    ClueChannel.REFERRAL: "referral",
    ClueChannel.ASSIGNMENT: "assignment",
    ClueChannel.INSPECTION: "inspection",
    ClueChannel.HOTLINE_12345: "complaint",
    ClueChannel.AUTO_DISCOVERY: "detection",
}
