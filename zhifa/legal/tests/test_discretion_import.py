"""`manage.py import_discretion` on the real Jiangmen table: counts, atomicity, idempotency, links."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from zhifa.core.audit import Actor
from zhifa.core.errors import ImportFailed
from zhifa.legal.importers.discretion_loader import discretion_import
from zhifa.legal.models import (
    Article,
    DiscretionChangeNotice,
    DiscretionStandard,
    DiscretionStatus,
    DiscretionTier,
    Law,
    LawVersion,
    ParseStatus,
)
from zhifa.legal.rules.discretion import RangeKind
from zhifa.legal.services.discretion import discretion_claim

from .powers_factories import make_power

pytestmark = pytest.mark.django_db

XLS = Path(settings.SHARED_DIR) / "data" / "discretion" / "jiangmen_eco_discretion_table_2020.xls"
SYSTEM = Actor.system("tests")


def run(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("import_discretion", str(XLS), *args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1  # ends with ONE JSON line
    return json.loads(lines[0])


def test_every_item_and_tier_lands_with_parsed_ranges(org_world: Any) -> None:
    summary = run("--organisation", str(org_world.sibling.pk))
    assert summary["items"] == 165
    assert summary["tiers"] == 678
    assert (summary["parsed"], summary["unparsed"]) == (677, 1)
    assert summary["unparsed_reasons"] == {"区间表述不规范（上下限表述矛盾）": 1}
    assert summary["created"] == 165
    assert DiscretionStandard.objects.filter(organisation=org_world.sibling).count() == 165
    assert DiscretionTier.objects.count() == 678
    assert not DiscretionStandard.objects.exclude(status=DiscretionStatus.PUBLISHED).exists()
    first = DiscretionStandard.objects.get(item_no="1-1")
    tier = first.tiers.get(order=2)
    assert tier.range_kind == RangeKind.PERCENTAGE
    assert tier.base_kind == "total_investment"
    assert (str(tier.factor_min), str(tier.factor_max)) == ("0.020000", "0.030000")
    assert tier.circumstance_list == ["报告表项目，主体工程已建设完成的", "报告书项目，主体工程未建设完成的"]
    unparsed = DiscretionTier.objects.get(parse_status=ParseStatus.UNPARSED)
    assert (unparsed.standard.item_no, unparsed.label) == ("10-16", "2")
    assert first.category == "中华人民共和国环境影响评价法"


def test_reimport_is_a_no_op(org_world: Any) -> None:
    run("--organisation", org_world.sibling.name)
    summary = run("--organisation", org_world.sibling.name)
    assert (summary["created"], summary["new_versions"], summary["unchanged"]) == (0, 0, 165)
    assert DiscretionStandard.objects.count() == 165


def test_changed_item_becomes_a_new_version_and_claimers_are_notified(org_world: Any, make_user: Any) -> None:
    discretion_import(actor=SYSTEM, path=XLS, organisation=org_world.agency)
    standard = DiscretionStandard.objects.get(item_no="1-2")
    claimer = make_user(org_world.agency_child, "unit_admin")
    discretion_claim(actor=Actor.of(claimer), standard=standard)
    # The stored text differs from the file (as after a manual correction): re-import restores the file.
    DiscretionTier.objects.filter(standard=standard, order=1).update(standard_text="处五千元以下罚款")
    summary = discretion_import(actor=SYSTEM, path=XLS, organisation=org_world.agency)
    assert (summary.new_versions, summary.unchanged) == (1, 164)
    standard.refresh_from_db()
    assert standard.status == DiscretionStatus.SUPERSEDED
    newer = DiscretionStandard.objects.get(supersedes=standard)
    assert (newer.version, newer.status, newer.series) == (2, DiscretionStatus.PUBLISHED, standard.series)
    assert newer.tiers.get(order=1).standard_text == "责令备案，处一万元以下罚款"
    notice = DiscretionChangeNotice.objects.get()
    assert (notice.organisation, notice.standard) == (org_world.agency_child, newer)


def test_import_is_atomic_and_names_sheet_and_row(org_world: Any) -> None:
    discretion_import(actor=SYSTEM, path=XLS, organisation=org_world.agency)
    # 1-1 (first sheet) changed → would become version 2; 2-3 (second sheet) is an unpublished draft
    # that also differs from the file → the import must stop there and undo 1-1's new version.
    DiscretionTier.objects.filter(standard__item_no="1-1", order=1).update(standard_text="改动")
    DiscretionStandard.objects.filter(item_no="2-3").update(status=DiscretionStatus.DRAFT)
    DiscretionTier.objects.filter(standard__item_no="2-3", order=1).update(standard_text="改动")
    before = DiscretionStandard.objects.count()
    with pytest.raises(ImportFailed) as error:
        discretion_import(actor=SYSTEM, path=XLS, organisation=org_world.agency)
    assert "工作表“水污染防治法”" in error.value.message
    assert "2-3" in error.value.message
    assert error.value.extra["line"] == 17
    assert DiscretionStandard.objects.count() == before
    assert not DiscretionStandard.objects.filter(item_no="1-1", version=2).exists()
    assert DiscretionStandard.objects.get(item_no="1-1").status == DiscretionStatus.PUBLISHED


def test_command_fails_with_a_non_zero_exit_on_bad_input(org_world: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xls"
    bad.write_bytes(b"garbage")
    with pytest.raises(CommandError, match="无法读取"):
        call_command("import_discretion", str(bad), "--organisation", str(org_world.agency.pk))
    with pytest.raises(CommandError, match="--organisation"):
        call_command("import_discretion", str(XLS))
    assert not DiscretionStandard.objects.exists()


def test_citations_link_to_the_law_library_and_to_powers(org_world: Any) -> None:
    law = Law.objects.create(name="大气污染防治法", title="中华人民共和国大气污染防治法", legal_level="law")
    version = LawVersion.objects.create(
        law=law,
        version_date="2018-10-26",
        validity="valid",
        legal_level="law",
        has_text=True,
        is_current=True,
    )
    Article.objects.bulk_create(
        Article(version=version, number=n, label=f"第{n}条", text="…", position=n) for n in range(1, 130)
    )
    article_99 = Article.objects.get(version=version, number=99)
    power = make_power(
        org_world.agency, "HB-99", bases=[{"category": "penalty", "article_id": article_99.pk}]
    )
    summary = discretion_import(actor=SYSTEM, path=XLS, organisation=org_world.agency_child)
    assert summary.linked_articles == 26  # the 大气污染防治法 sheet cites the 2018 text
    linked = DiscretionStandard.objects.filter(penalty_articles=article_99)
    assert linked.exists()
    assert all(s.power == power for s in linked)  # the parent unit's power citing 第九十九条
    assert summary.linked_powers == linked.count()
    # 水污染防治法 is not in this library: its items keep the provision as text only.
    water = DiscretionStandard.objects.get(item_no="2-1")
    assert water.penalty_articles.count() == 0
    assert water.penalty_provision.startswith("《中华人民共和国水污染防治法》")
