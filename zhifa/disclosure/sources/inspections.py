"""Finished inspections (118号 事后公开: body, target, category, conclusion)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from zhifa.inspections.choices import InspectionState, ItemResult
from zhifa.inspections.models import Inspection, InspectionOfficer, InspectionResult

from ..models import PublicationKind
from .base import Source, SourceRecord, known_names, local_date, minor_on, party_facts, without_publication

FINISHED_INSPECTION_STATES = (
    InspectionState.CLOSED,
    InspectionState.CASE_OPENED,
    InspectionState.CLUE_REGISTERED,
)


class InspectionSource(Source):
    label, kind, model = "inspections.inspection", PublicationKind.INSPECTION, Inspection

    def base(self) -> QuerySet[Any]:
        return Inspection.objects.select_related("organisation", "party", "domain", "plan")

    def candidates(self) -> QuerySet[Any]:
        qs = self.base().filter(state__in=FINISHED_INSPECTION_STATES, finished_at__isnull=False)
        return without_publication(qs, self.label)

    def records(self, rows: Sequence[Any]) -> list[SourceRecord]:
        ids = [r.pk for r in rows]
        names = known_names(self.label, ids)
        tallies: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        bases: dict[int, list[str]] = defaultdict(list)
        results = InspectionResult.objects.filter(inspection_id__in=ids).order_by("inspection_id", "position")
        for inspection_id, result, legal_basis in results.values_list(
            "inspection_id", "result", "legal_basis"
        ):
            tallies[inspection_id][result] += 1
            if legal_basis and legal_basis not in bases[inspection_id]:
                bases[inspection_id].append(legal_basis)
        out = []
        for i in rows:
            decided_on = i.inspected_on or local_date(i.finished_at)
            if decided_on is None:  # not finished: nothing to publish
                continue
            tally = tallies.get(i.pk, {})
            checked = sum(tally.values()) - tally.get(ItemResult.PENDING, 0)
            passed, failed = tally.get(ItemResult.PASS, 0), tally.get(ItemResult.FAIL, 0)
            facts = f"检查项目{checked}项，符合{passed}项，不符合{failed}项。"
            if i.findings:
                facts += f"检查发现：{i.findings}"
            out.append(
                SourceRecord(
                    kind=self.kind,
                    subject_type=self.label,
                    subject_id=i.pk,
                    organisation_id=i.organisation_id,
                    organisation_name=i.organisation.name,
                    region_code=i.region_code or i.organisation.region_code,
                    sector=i.domain.code if i.domain_id else "",
                    decided_on=decided_on,
                    title=i.plan.name if i.plan_id else f"{i.domain.name}{i.get_kind_display()}",
                    party=party_facts(i.party, i.party_name),
                    party_id=i.party_id,
                    party_minor=minor_on(i.party, decided_on),
                    facts=facts,
                    basis="；".join(bases.get(i.pk, [])),
                    decision=inspection_conclusion(i, failed),
                    other_names=[i.present, *names.get(i.pk, [])],
                )
            )
        return out

    def owners_q(self, user: Any) -> Q:
        return Q(subject_id__in=InspectionOfficer.objects.filter(user_id=user.pk).values("inspection_id"))

    def owner_ids(self, subject_id: int) -> set[int]:
        rows = InspectionOfficer.objects.filter(inspection_id=subject_id, user_id__isnull=False)
        return {int(u) for u in rows.values_list("user_id", flat=True) if u is not None}

    def url(self, subject_id: int) -> str:
        return reverse("inspections:detail", args=[subject_id])


def inspection_conclusion(inspection: Inspection, failed: int) -> str:
    """The 检查结论 of 事后公开 (118号 P3: body, target, category, conclusion)."""
    if not failed:
        return "未发现违法违规问题"
    if inspection.state == InspectionState.CASE_OPENED:
        return "发现问题，已依法立案查处"
    if inspection.state == InspectionState.CLUE_REGISTERED:
        return "发现问题，已移交核查处理"
    if inspection.rectify_due_on:
        return f"发现问题，已责令限期改正（{inspection.rectify_due_on:%Y年%m月%d日}前）"
    return "发现问题，已责令改正"
