from django.db import models


class ComplaintSource(models.TextChoices):
    """How a public complaint reached us (公众渠道)."""

    WEB = "web", "网上投诉（公众服务平台）"
    OPEN311 = "open311", "Open311 接口"


class ServiceType(models.TextChoices):
    """Open311 GeoReport v2 service `type`: realtime answers POST with a service_request_id, batch
    with a token resolved later through /tokens/{token}. (blackbox — no status tracking — is not
    offered: every complaint becomes a clue whose status is followed.)"""

    REALTIME = "realtime", "realtime（即时返回编号）"
    BATCH = "batch", "batch（返回 token）"


class PublicStatus(models.TextChoices):
    """The status a reporter reads, derived from the clue's state (rules.public_status)."""

    RECEIVED = "received", "受理中"
    ACCEPTED = "accepted", "已受理"
    REJECTED = "rejected", "不予受理"
    IN_PROGRESS = "in_progress", "办理中"
    CLOSED = "closed", "已办结"


# Open311 attribute datatypes (GeoReport v2, GET Service Definition).
ATTRIBUTE_DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")

# The clue channels a public complaint may arrive on (zhifa.clues.choices.ClueChannel values).
WEB_CLUE_CHANNELS = (("complaint", "投诉"), ("report", "举报"))
OPEN311_CLUE_CHANNELS = (("hotline_12345", "12345热线"), ("complaint", "投诉"), ("report", "举报"))
