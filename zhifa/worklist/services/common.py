from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from zhifa.core.subjects import subject_label
from zhifa.orgs.models import Organisation


@dataclass(frozen=True)
class SubjectRef:
    subject_type: str
    subject_id: int


def subject_ref(subject: models.Model) -> SubjectRef:
    if subject.pk is None:
        raise ValueError("subject must be saved")
    return SubjectRef(subject_label(subject), int(subject.pk))


def subject_columns(subject: models.Model, organisation: Organisation) -> dict[str, object]:
    """The four columns that attach a worklist row to its subject (ARCHITECTURE: Subjects)."""
    ref = subject_ref(subject)
    return {
        "subject_type": ref.subject_type,
        "subject_id": ref.subject_id,
        "organisation": organisation,
        "region_code": organisation.region_code,
    }


def subject_title(subject: models.Model) -> str:
    """How the subject reads for people (its registered `describe`, else str())."""
    from zhifa.core.errors import NotFound
    from zhifa.core.subjects import subject_kind

    try:
        return subject_kind(subject_label(subject)).describe(subject)
    except NotFound:
        return str(subject)
