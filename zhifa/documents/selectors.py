"""Reads. Documents are authorised through their subject (zhifa.core.subjects.access_subject)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Min, Q, QuerySet

from zhifa.core.errors import NotFound
from zhifa.core.subjects import access_subject, subject_label
from zhifa.orgs.scopes import organisation_ancestor_ids

from .models import Document, Phrase, ServiceRecord


def documents_for_subject(subject: models.Model) -> QuerySet[Document]:
    return Document.objects.filter(subject_type=subject_label(subject), subject_id=subject.pk).order_by(
        "created_at", "id"
    )


def document_for_user(user: Any, pk: Any, *, write: bool = False) -> Document:
    """The document if `user` may reach its subject; NotFound otherwise (same answer for both)."""
    try:
        document = Document.objects.select_related("organisation").get(pk=int(pk))
    except (Document.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
    access_subject(user, document.subject_type, document.subject_id, write=write)
    return document


def documents_for_user_subject(user: Any, subject_type: str, subject_id: Any) -> QuerySet[Document]:
    subject = access_subject(user, subject_type, subject_id)
    return documents_for_subject(subject)


def document_by_token(token: str) -> Document:
    document = (
        Document.objects.select_related("organisation")
        .filter(verify_token=token)
        .exclude(status="draft")
        .first()
    )
    if document is None or not token:
        raise NotFound("核验码无效")
    return document


def service_records_for_subject(subject: models.Model) -> QuerySet[ServiceRecord]:
    return ServiceRecord.objects.filter(
        document__subject_type=subject_label(subject), document__subject_id=subject.pk
    ).select_related("document")


def served_on(document: Document) -> date | None:
    """The earliest effective service date of the document (starts the party's clocks)."""
    return document.services.aggregate(first=Min("effective_on"))["first"]


def phrases_for(user: Any, category: str) -> QuerySet[Phrase]:
    """Global phrases plus those of the user's organisation and its ancestors."""
    org_id = getattr(user, "organisation_id", None)
    scope = Q(organisation__isnull=True)
    if org_id:
        scope |= Q(organisation_id__in=organisation_ancestor_ids(org_id, include_self=True))
    return Phrase.objects.filter(scope, category=category).order_by("order", "id")
