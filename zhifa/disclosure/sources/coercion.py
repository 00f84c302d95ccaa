"""Coercive measures taken (查封、扣押、冻结 in force or released after approval) and enforcement
decisions made (强制法第三十七条)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from zhifa.cases.models import CaseHandler
from zhifa.coercion.models import Enforcement, Measure, MeasureState, ReleaseGround

from ..models import PublicationKind
from .base import (
    Source,
    SourceRecord,
    decision_numbers,
    known_names,
    local_date,
    minor_on,
    party_facts,
    without_publication,
)

TAKEN_MEASURE_STATES = (MeasureState.IN_FORCE, MeasureState.EXTENDED, MeasureState.RELEASED)


def _coercion_owned(model: Any, user: Any) -> Q:
    """本人 for coercion (as zhifa.coercion.selectors): started it, or handles its case."""
    cases = CaseHandler.objects.filter(user_id=user.pk).values("case_id")
    mine = model.objects.filter(Q(created_by_id=user.pk) | Q(case_id__in=cases))
    return Q(subject_id__in=mine.values("pk"))


def _coercion_owner_ids(model: Any, subject_id: int) -> set[int]:
    row = model.objects.filter(pk=subject_id).values_list("created_by_id", "case_id").first()
    if row is None:
        return set()
    owners = {row[0]}
    if row[1]:
        handlers = CaseHandler.objects.filter(case_id=row[1], user_id__isnull=False)
        owners.update(handlers.values_list("user_id", flat=True))
    return owners


class MeasureSource(Source):
    label, kind, model = "coercion.measure", PublicationKind.COERCION, Measure

    def base(self) -> QuerySet[Any]:
        return Measure.objects.select_related("organisation", "party", "case")

    def candidates(self) -> QuerySet[Any]:
        qs = (
            self.base()
            .filter(state__in=TAKEN_MEASURE_STATES, started_at__isnull=False, decided_at__isnull=False)
            .exclude(release_reason=ReleaseGround.NOT_APPROVED)
        )
        return without_publication(qs, self.label)

    def records(self, rows: Sequence[Any]) -> list[SourceRecord]:
        ids = [r.pk for r in rows]
        numbers, names = decision_numbers(self.label, ids), known_names(self.label, ids)
        out = []
        for m in rows:
            decided_on = local_date(m.started_at)
            if decided_on is None:  # not taken: nothing to publish
                continue
            decision = f"对{len(m.items or [])}项场所、设施、财物实施{m.get_kind_display()}"
            if m.ends_on:
                decision += f"，期限至{m.ends_on:%Y年%m月%d日}"
            out.append(
                SourceRecord(
                    kind=self.kind,
                    subject_type=self.label,
                    subject_id=m.pk,
                    organisation_id=m.organisation_id,
                    organisation_name=m.organisation.name,
                    region_code=m.region_code or m.organisation.region_code,
                    sector=m.case.sector if m.case_id else "",
                    decided_on=decided_on,
                    title=f"{m.get_kind_display()}（行政强制措施）",
                    party=party_facts(m.party, m.party_name),
                    party_id=m.party_id,
                    party_minor=minor_on(m.party, decided_on),
                    number=numbers.get(m.pk, ""),
                    facts=m.reason,
                    decision=decision,
                    other_names=[m.witness, *names.get(m.pk, [])],
                )
            )
        return out

    def owners_q(self, user: Any) -> Q:
        return _coercion_owned(Measure, user)

    def owner_ids(self, subject_id: int) -> set[int]:
        return _coercion_owner_ids(Measure, subject_id)

    def url(self, subject_id: int) -> str:
        return reverse("coercion:detail", args=[subject_id])


class EnforcementSource(Source):
    label, kind, model = "coercion.enforcement", PublicationKind.COERCION, Enforcement

    def base(self) -> QuerySet[Any]:
        return Enforcement.objects.select_related("organisation", "party", "case")

    def candidates(self) -> QuerySet[Any]:
        return without_publication(self.base().filter(decided_at__isnull=False), self.label)

    def records(self, rows: Sequence[Any]) -> list[SourceRecord]:
        ids = [r.pk for r in rows]
        numbers, names = decision_numbers(self.label, ids), known_names(self.label, ids)
        out = []
        for e in rows:
            decided_on = local_date(e.decided_at)
            if decided_on is None:  # not decided: nothing to publish
                continue
            out.append(
                SourceRecord(
                    kind=self.kind,
                    subject_type=self.label,
                    subject_id=e.pk,
                    organisation_id=e.organisation_id,
                    organisation_name=e.organisation.name,
                    region_code=e.region_code or e.organisation.region_code,
                    sector=e.case.sector if e.case_id else "",
                    decided_on=decided_on,
                    title="行政强制执行决定",
                    party=party_facts(e.party, e.party_name),
                    party_id=e.party_id,
                    party_minor=minor_on(e.party, decided_on),
                    number=numbers.get(e.pk, ""),
                    facts=f"当事人未履行义务：{e.obligation}",
                    basis=e.decision_number and f"据以执行的行政决定：{e.decision_number}",
                    decision=e.measure_text or ("代履行" if e.substitute_state else "强制执行"),
                    other_names=[e.substitute_performer, *names.get(e.pk, [])],
                )
            )
        return out

    def owners_q(self, user: Any) -> Q:
        return _coercion_owned(Enforcement, user)

    def owner_ids(self, subject_id: int) -> set[int]:
        return _coercion_owner_ids(Enforcement, subject_id)

    def url(self, subject_id: int) -> str:
        return reverse("coercion:enforcement_detail", args=[subject_id])
