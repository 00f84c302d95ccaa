"""Reads of the evidence app. Anything reached by a user goes through the subject's access
(`zhifa.core.subjects.access_subject`): "missing" and "not yours" are the same NotFound."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from zhifa.core.errors import NotFound
from zhifa.core.subjects import access_subject, subject_label

from .choices import EvidenceKind
from .custody import custody_verify
from .models import CustodyEvent, Evidence, EvidenceFile

__all__ = [
    "custody_verify",
    "evidence_access",
    "evidence_file_access",
    "evidence_for_subject",
    "evidence_list_rows",
]


def evidence_for_subject(subject: models.Model) -> models.QuerySet[Evidence]:
    """The subject's evidence in 证据清单 order (seq), files prefetched. The caller authorised
    the subject."""
    return (
        Evidence.objects.filter(subject_type=subject_label(subject), subject_id=subject.pk)
        .select_related("collected_by")
        .prefetch_related(Prefetch("files", queryset=EvidenceFile.objects.order_by("id")))
        .order_by("seq")
    )


def evidence_list_rows(subject: models.Model) -> list[dict[str, Any]]:
    """Rows of the 证据清单 (admissible items only, 处罚法 Art. 46 ¶3), numbered 1..n in seq
    order, as the documents app's template expects them."""
    labels = dict(EvidenceKind.choices)
    rows: list[dict[str, Any]] = []
    for item in evidence_for_subject(subject).filter(admissible=True):
        files = list(item.files.all())
        rows.append(
            {
                "no": len(rows) + 1,
                "kind_label": labels.get(item.kind, item.kind),
                "title": item.title,
                "source": item.source,
                "collected_on": timezone.localtime(item.collected_at).strftime("%Y-%m-%d"),
                "page_count": item.page_count if item.page_count is not None else "",
                "sm3": files[0].sm3 if files else "",
                "description": item.description,
            }
        )
    return rows


def evidence_access(user: Any, pk: Any, *, write: bool = False) -> Evidence:
    """The item `pk` if `user` may read (or, with write=True, add to) its subject."""
    item = Evidence.objects.select_related("collected_by", "organisation").filter(pk=pk).first()
    if item is None:
        raise NotFound()
    access_subject(user, item.subject_type, item.subject_id, write=write)
    return item


def evidence_file_access(user: Any, pk: Any) -> EvidenceFile:
    row = EvidenceFile.objects.select_related("evidence").filter(pk=pk).first()
    if row is None:
        raise NotFound()
    access_subject(user, row.evidence.subject_type, row.evidence.subject_id, write=False)
    return row


def custody_events(evidence: Evidence) -> models.QuerySet[CustodyEvent]:
    return CustodyEvent.objects.filter(evidence=evidence).order_by("seq")
