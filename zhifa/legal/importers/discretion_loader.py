"""Write a discretion table (read by `discretion_xls`) into the database, atomically.

Each item becomes a `DiscretionStandard` of `organisation` with its tiers (the 裁量标准 parsed into
structure or flagged unparsed with the reason), published directly (the table is an officially
published document) unless `as_draft`. Re-importing is idempotent: an item is keyed by
`source` = "<file>#<sheet>#<序号>"; identical content is a no-op, changed content of a published
item becomes its next version (the old one is superseded and claiming units are notified); a
changed item whose current version is not published aborts the import (ImportFailed naming sheet
and row). Citations 《…》第X条 are resolved to law-library articles when the cited law (and the
cited revision year) is in the library, and the item is linked to an active Power of the unit (or
an ancestor) whose basis cites one of those articles. Nothing is required of the law library.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import ImportFailed
from zhifa.orgs.models import Organisation
from zhifa.orgs.scopes import organisation_ancestor_ids

from ..models import (
    Article,
    BasisCategory,
    DiscretionStandard,
    DiscretionStatus,
    DiscretionTier,
    Law,
    LawVersion,
    NoticeKind,
    ParseStatus,
    Power,
    PowerBasis,
    PowerStatus,
)
from ..services.discretion import build_tier, notify_claimers
from .citations import Citation, find_citations, law_name_candidates
from .discretion_xls import ItemRow, TierRow, read_discretion_workbook

__all__ = ["ImportSummary", "discretion_import"]


@dataclass
class ImportSummary:
    items: int = 0
    tiers: int = 0
    parsed: int = 0
    unparsed: int = 0
    unparsed_reasons: Counter[str] = field(default_factory=Counter)
    created: int = 0
    new_versions: int = 0
    unchanged: int = 0
    linked_articles: int = 0
    linked_powers: int = 0
    organisation: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "tiers": self.tiers,
            "parsed": self.parsed,
            "unparsed": self.unparsed,
            "unparsed_reasons": dict(self.unparsed_reasons),
            "created": self.created,
            "new_versions": self.new_versions,
            "unchanged": self.unchanged,
            "linked_articles": self.linked_articles,
            "linked_powers": self.linked_powers,
            "organisation": self.organisation,
        }


def _category(law_group: str) -> str:
    """一、《中华人民共和国环境影响评价法》 → 中华人民共和国环境影响评价法."""
    text = law_group.split("、", 1)[-1] if "、" in law_group[:4] else law_group
    return text.replace("《", "").replace("》", " ").strip()[:200]


def _tier_data(tier: TierRow) -> dict[str, Any]:
    return {
        "label": tier.label,
        "circumstances": tier.circumstances,
        "standard_text": tier.standard,
        "segment": tier.segment,
        "remarks": tier.remarks,
        "hidden_in_source": tier.hidden,
        "source_row": tier.row,
    }


def _item_content(item: ItemRow) -> tuple[Any, ...]:
    return (
        item.item_no,
        item.violation,
        item.legal_basis,
        _category(item.law_group),
        item.note,
        tuple(
            (t.label, "\n".join(t.circumstances), t.standard, t.segment, t.remarks, t.hidden)
            for t in item.tiers
        ),
    )


def _standard_content(standard: DiscretionStandard) -> tuple[Any, ...]:
    return (
        standard.item_no,
        standard.violation,
        standard.penalty_provision,
        standard.category,
        standard.note,
        tuple(
            (t.label, t.circumstances, t.standard_text, t.segment, _source_remarks(t), t.hidden_in_source)
            for t in standard.tiers.order_by("order")
        ),
    )


INCREMENT_NOTE = "含加计规则，见裁量标准原文"


def _source_remarks(tier: DiscretionTier) -> str:
    return tier.remarks.removesuffix(INCREMENT_NOTE).strip()


class _ArticleResolver:
    """Citation → Article id, cached; unresolved citations stay text."""

    def __init__(self) -> None:
        self.laws: dict[str, Law | None] = {}
        self.versions: dict[tuple[int, int | None], int | None] = {}
        self.articles: dict[tuple[int, int, int], int | None] = {}

    def law(self, title: str) -> Law | None:
        if title not in self.laws:
            names = law_name_candidates(title)
            self.laws[title] = Law.objects.filter(Q(name__in=names) | Q(title__in=names)).first()
        return self.laws[title]

    def version(self, law: Law, year: int | None) -> int | None:
        key = (law.pk, year)
        if key not in self.versions:
            qs = LawVersion.objects.filter(law=law, has_text=True)
            if year is not None:
                qs = qs.filter(version_date__year=year)
            else:
                qs = qs.order_by("-is_current", "-version_date")
            self.versions[key] = qs.values_list("pk", flat=True).first()
        return self.versions[key]

    def article(self, citation: Citation) -> int | None:
        law = self.law(citation.law)
        if law is None:
            return None
        version_id = self.version(law, citation.year)
        if version_id is None:
            return None
        key = (version_id, citation.article, citation.sub_number)
        if key not in self.articles:
            self.articles[key] = (
                Article.objects.filter(
                    version_id=version_id, number=citation.article, sub_number=citation.sub_number
                )
                .values_list("pk", flat=True)
                .first()
            )
        return self.articles[key]


def _power_for(article_ids: list[int], owners: list[int]) -> Power | None:
    """An active power of the unit or an ancestor whose current basis cites one of the articles."""
    if not article_ids:
        return None
    bases = PowerBasis.objects.filter(
        article_id__in=article_ids,
        version__power__current_version=F("version"),
        version__power__status=PowerStatus.ACTIVE,
        version__power__organisation_id__in=owners,
    ).select_related("version__power")
    # 处罚依据 first, then any other basis citing the article; lowest code wins.
    basis = (
        bases.filter(category=BasisCategory.PENALTY).order_by("version__power__code").first()
        or bases.order_by("version__power__code").first()
    )
    return basis.version.power if basis else None


def _write_standard(
    item: ItemRow,
    tiers: list[DiscretionTier],
    *,
    organisation: Organisation,
    source: str,
    status: str,
    previous: DiscretionStandard | None,
    now: Any,
) -> DiscretionStandard:
    standard = DiscretionStandard.objects.create(
        series=previous.series if previous else uuid.uuid4(),
        version=previous.version + 1 if previous else 1,
        supersedes=previous,
        organisation=organisation,
        region_code=organisation.region_code,
        item_no=item.item_no,
        violation=item.violation,
        penalty_provision=item.legal_basis,
        category=_category(item.law_group),
        note=item.note,
        status=status,
        source=source[:300],
        published_at=now if status == DiscretionStatus.PUBLISHED else None,
    )
    for tier in tiers:
        tier.standard = standard
    DiscretionTier.objects.bulk_create(tiers)
    return standard


def discretion_import(
    *, actor: Actor, path: str | Path, organisation: Organisation, as_draft: bool = False
) -> ImportSummary:
    """Import one table file; all or nothing. Returns the summary printed by `import_discretion`."""
    items = read_discretion_workbook(path)  # ImportFailed (sheet, row) before anything is written
    file = Path(path).name
    summary = ImportSummary(organisation=organisation.pk)
    resolver = _ArticleResolver()
    status = DiscretionStatus.DRAFT if as_draft else DiscretionStatus.PUBLISHED
    now = timezone.now()
    owners = organisation_ancestor_ids(organisation.pk, include_self=True)
    with transaction.atomic():
        for item in items:
            source = f"{file}#{item.sheet}#{item.item_no}"
            tiers = [build_tier(_tier_data(t), i) for i, t in enumerate(item.tiers, start=1)]
            summary.items += 1
            summary.tiers += len(tiers)
            for tier in tiers:
                if tier.parse_status == ParseStatus.UNPARSED:
                    summary.unparsed += 1
                    summary.unparsed_reasons[tier.parse_reason] += 1
                else:
                    summary.parsed += 1
            current = (
                DiscretionStandard.objects.filter(organisation=organisation, source=source)
                .exclude(status__in=[DiscretionStatus.SUPERSEDED, DiscretionStatus.WITHDRAWN])
                .order_by("-version")
                .first()
            )
            if current is not None and _standard_content(current) == _item_content(item):
                summary.unchanged += 1
                continue
            if current is not None and current.status != DiscretionStatus.PUBLISHED:
                raise ImportFailed(
                    f"事项“{item.item_no}”已有未发布的版本（{current.get_status_display()}），请先处理后再导入",
                    file=f"{file} 工作表“{item.sheet}”",
                    line=item.row,
                )
            standard = _write_standard(
                item,
                tiers,
                organisation=organisation,
                source=source,
                status=status,
                previous=current,
                now=now,
            )
            article_ids = [a for a in (resolver.article(c) for c in find_citations(item.legal_basis)) if a]
            if article_ids:
                standard.penalty_articles.set(article_ids)
                summary.linked_articles += 1
            power = _power_for(article_ids, owners)
            if power is not None:
                standard.power = power
                standard.save(update_fields=["power", "updated_at"])
                summary.linked_powers += 1
            if current is not None:
                summary.new_versions += 1
                if status == DiscretionStatus.PUBLISHED:
                    current.supersede()
                    current.save(update_fields=["status", "updated_at"])
                    notify_claimers(
                        standard,
                        NoticeKind.NEW_VERSION,
                        f"您认领的裁量基准“{standard.violation[:60]}”（{organisation}）已发布第{standard.version}版"
                        "（重新导入），请核对变更内容并重新认领。",
                    )
            else:
                summary.created += 1
            audit_append(
                actor=actor,
                action="legal.discretion.import_item",
                subject=standard,
                payload={"source": source, "version": standard.version, "status": standard.status},
            )
        audit_append(
            actor=actor,
            action="legal.discretion.import",
            subject=organisation,
            payload={"file": file, **summary.as_dict()},
        )
    return summary
