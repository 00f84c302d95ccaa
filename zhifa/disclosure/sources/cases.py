"""Penalty cases whose decision has taken effect (served: 处罚法第六十一条)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from zhifa.cases.choices import CaseState, Outcome
from zhifa.cases.models import Case, CaseHandler

from ..models import PublicationKind
from .base import (
    Source,
    SourceRecord,
    decision_numbers,
    kind_labels,
    known_names,
    minor_on,
    money,
    party_facts,
    without_publication,
)

# A penalty decision takes effect when served (处罚法第61条); these states come after service.
EFFECTIVE_CASE_STATES = (
    CaseState.SERVED,
    CaseState.EXECUTED,
    CaseState.CLOSING,
    CaseState.CLOSED,
    CaseState.ARCHIVED,
)
PERFORMED_CASE_STATES = (CaseState.EXECUTED, CaseState.CLOSING, CaseState.CLOSED, CaseState.ARCHIVED)


class CaseSource(Source):
    label, kind, model = "cases.case", PublicationKind.PENALTY, Case

    def base(self) -> QuerySet[Any]:
        return Case.objects.select_related("organisation", "party")

    def candidates(self) -> QuerySet[Any]:
        qs = self.base().filter(
            outcome=Outcome.PENALTY, decided_on__isnull=False, state__in=EFFECTIVE_CASE_STATES
        )
        return without_publication(qs, self.label)

    def records(self, rows: Sequence[Any]) -> list[SourceRecord]:
        ids = [r.pk for r in rows]
        numbers, names = decision_numbers(self.label, ids), known_names(self.label, ids)
        out = []
        for c in rows:
            kinds = tuple(c.decided_kinds or ())
            basis = "；".join(
                x for x in (f"违法依据：{c.basis_violation}" if c.basis_violation else "",
                            f"处罚依据：{c.basis_penalty}" if c.basis_penalty else "") if x
            )  # fmt: skip
            out.append(
                SourceRecord(
                    kind=self.kind,
                    subject_type=self.label,
                    subject_id=c.pk,
                    organisation_id=c.organisation_id,
                    organisation_name=c.organisation.name,
                    region_code=c.region_code or c.organisation.region_code,
                    sector=c.sector,
                    decided_on=c.decided_on,
                    title=c.cause,
                    party=party_facts(c.party, c.party_name),
                    party_id=c.party_id,
                    party_minor=minor_on(c.party, c.decided_on),
                    number=numbers.get(c.pk, c.number),
                    facts=c.facts,
                    basis=basis,
                    decision=penalty_text(kinds, c.decided_fine, c.decided_confiscation),
                    penalty_kinds=kinds,
                    fine=c.decided_fine,
                    confiscation=c.decided_confiscation,
                    procedure=c.procedure,
                    collective=bool(c.serious_violation and c.collective_discussed_on),
                    obligations_performed=case_performed(c),
                    other_names=names.get(c.pk, []),
                )
            )
        return out

    def owners_q(self, user: Any) -> Q:
        return Q(subject_id__in=CaseHandler.objects.filter(user_id=user.pk).values("case_id"))

    def owner_ids(self, subject_id: int) -> set[int]:
        rows = CaseHandler.objects.filter(case_id=subject_id, user_id__isnull=False)
        return set(rows.values_list("user_id", flat=True))

    def url(self, subject_id: int) -> str:
        return reverse("cases:detail", args=[subject_id])

    def repeated_after(self, record: SourceRecord) -> bool:
        """A later penalty on the same party for the same cause (SAMR 公示规定 Art. 14(3))."""
        if record.party_id is None:
            return False
        return (
            Case.objects.filter(
                party_id=record.party_id,
                cause=record.title,
                outcome=Outcome.PENALTY,
                decided_on__gt=record.decided_on,
            )
            .exclude(pk=record.subject_id)
            .exists()
        )


def case_performed(case: Case) -> bool:
    """The decision's obligations are met: executed (or closed after execution), or the fine and
    confiscation paid in full, or nothing to pay (a warning, 通报批评)."""
    if case.state in PERFORMED_CASE_STATES or case.executed_on is not None:
        return True
    due = (case.decided_fine or Decimal(0)) + (case.decided_confiscation or Decimal(0))
    if due == 0:
        return set(case.decided_kinds or ()) <= {"warning", "circulated_criticism"}
    return case.paid_amount is not None and case.paid_amount >= due


def penalty_text(kinds: Sequence[str], fine: Decimal | None, confiscation: Decimal | None) -> str:
    """CF_NR 处罚内容: "警告；罚款2,000.00元；没收违法所得500.00元" (amounts in 元, RECORDS §1)."""
    parts: list[str] = []
    for code, label in zip(kinds, kind_labels(kinds), strict=True):
        if code == "fine" and fine is not None:
            parts.append(f"{label}{money(fine)}")
        elif code.startswith("confiscate") and confiscation is not None:
            parts.append(f"{label}{money(confiscation)}")
        else:
            parts.append(label)
    return "；".join(parts)
