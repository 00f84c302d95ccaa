"""满意度评价: once, by the holder of the tracking code, after the complaint is closed (办结 or 不予受理)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError

from ..models import Complaint
from ..rules import CLOSED_STATUSES, public_status
from ..selectors import effective_clue

MAX_COMMENT = 500


def complaint_rate(*, actor: Actor, complaint: Complaint, rating: int, comment: str = "") -> Complaint:
    if rating not in (1, 2, 3, 4, 5):
        raise ValidationError("请选择 1 至 5 分的满意度", fields={"rating": ["请选择满意度"]})
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError(f"评价意见不能超过{MAX_COMMENT}字", fields={"comment": ["评价意见过长"]})
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().select_related("clue").get(pk=complaint.pk)
        if complaint.rating is not None:
            raise Conflict("您已评价过，感谢您的反馈")
        if public_status(effective_clue(complaint.clue).state) not in CLOSED_STATUSES:
            raise Conflict("投诉举报办结后才能评价")
        complaint.rating = rating
        complaint.rating_comment = comment
        complaint.rated_at = timezone.now()
        complaint.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
        audit_append(
            actor=actor,
            action="complaints.complaint.rate",
            subject=complaint,
            payload={"rating": rating, "commented": bool(comment), "clue": complaint.clue_id},
        )
    return complaint
