"""The documents of 行政强制, issued inside the step's transaction (like zhifa.cases.paperwork.issue):
drafted from the measure's or the enforcement's data, numbered, rendered, signed and — for those
served on the party — the service recorded. Party-facing documents carry the party only as the
law needs it: a natural person's identity number masked, never a reporter (ARCHITECTURE §7)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import timezone

from zhifa.cases.paperwork.context import issuing_profile
from zhifa.cases.paperwork.words import cn_amount, cn_date
from zhifa.cases.rules.execution import LITIGATION_MONTHS, RECONSIDERATION_DAYS
from zhifa.core.audit import Actor
from zhifa.documents.models import Document, DocumentStatus, ServiceMethod
from zhifa.documents.services import document_draft, document_issue, document_serve
from zhifa.orgs.models import Officer, Organisation
from zhifa.parties.models import Party


def party_block(party: Party | None, name: str) -> dict[str, Any]:
    if party is None:
        return {"name": name}
    person = party.kind == "natural_person"
    return {
        "kind_label": party.get_kind_display(),
        "name": party.name,
        "uscc": party.uscc or "",
        "id_type": party.get_id_type_display() if party.id_type else "",
        "id_number": party.id_number_masked if person else "",  # masked (ARCHITECTURE §7)
        "legal_rep": party.legal_rep_name,
        "address": party.address,
        "phone": party.phone,
    }


def base_context(
    organisation: Organisation, party: Party | None, party_name: str, today: date
) -> dict[str, Any]:
    issuing = issuing_profile(organisation)
    return {
        "org": {
            "name": organisation.name,
            "short_name": organisation.short_name,
            "uscc": organisation.uscc,
            "address": organisation.address,
            "phone": organisation.phone,
        },
        "party": party_block(party, party_name),
        "remedy": {
            "review_body": issuing.review_body,
            "review_days": RECONSIDERATION_DAYS,
            "court": issuing.court,
            "litigation_months": LITIGATION_MONTHS,
        },
        "today": cn_date(today),
    }


def officers_block(officer_ids: list[int]) -> list[dict[str, str]]:
    officers = Officer.objects.filter(pk__in=officer_ids).order_by("name")
    return [{"name": o.name, "certificate_no": o.certificate_no} for o in officers]


def money(value: Any) -> str:
    return cn_amount(value) if value is not None else ""


def cn_moment(moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日{local.hour}时{local.minute:02d}分"


def issue(
    *,
    actor: Actor,
    subject: models.Model,
    organisation: Organisation,
    code: str,
    context: dict[str, Any],
    served_on: date | None = None,
    recipient: str = "",
    method: str = ServiceMethod.DIRECT,
    details: dict[str, Any] | None = None,
) -> Document:
    """Draft, issue and (when `served_on` is given) serve one document of `subject`."""
    draft = document_draft(
        actor=actor, subject=subject, organisation=organisation, type_code=code, data=context
    )
    document = document_issue(actor=actor, document=draft)
    if served_on is not None:
        from zhifa.cases.paperwork.service import ServiceInput

        moment = ServiceInput(method, served_on, served_on, recipient).served_at
        document_serve(
            actor=actor,
            document=document,
            method=method,
            served_at=moment,
            recipient=recipient,
            **(details or {}),
        )
    return document


def issued(subject: models.Model, code: str) -> Document | None:
    from zhifa.core.subjects import subject_label

    return (
        Document.objects.filter(
            subject_type=subject_label(subject),
            subject_id=subject.pk,
            type_code=code,
            status=DocumentStatus.ISSUED,
        )
        .order_by("-issued_at", "-pk")
        .first()
    )


def documents_of(subject: models.Model) -> list[Document]:
    from zhifa.core.subjects import subject_label

    return list(
        Document.objects.filter(subject_type=subject_label(subject), subject_id=subject.pk).order_by(
            "issued_at", "pk"
        )
    )
