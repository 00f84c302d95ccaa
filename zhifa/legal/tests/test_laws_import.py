"""import_laws: parsing of the reference texts, catalogue, versions, idempotency and atomicity."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zhifa.core.audit import Actor
from zhifa.core.errors import ImportFailed
from zhifa.core.models import AuditEvent
from zhifa.legal.models import Article, Law, LawItem, LawVersion, LegalLevel, Paragraph, Validity
from zhifa.legal.search import SearchFilters, get_search_backend
from zhifa.legal.services.laws import law_library_import
from zhifa.legal.services.laws_catalogue import VersionFacts, issuing_body_and_document_no, version_states
from zhifa.legal.services.laws_parser import cn_to_int, int_to_cn, parse_law_markdown

from .laws_support import LAWS_DIR, article, import_laws, law_file

# Article counts of the official texts (checked against each file and the promulgated law).
OFFICIAL_ARTICLE_COUNTS = {
    "行政处罚法": 86,  # 2021 revision
    "行政强制法": 71,
    "食品安全法": 154,  # 2021 amendment
    "行政复议法": 90,  # 2023 revision
    "行政许可法": 83,
    "行政诉讼法": 103,
    "治安管理处罚法": 119,  # 2012 amendment
}

MINIMAL = """# 中华人民共和国测试法

2020年1月1日 第十三届全国人民代表大会常务委员会第一次会议通过

<!-- INFO END -->

## 第一章 总则

第一条 为了测试，制定本法。

第二条 有下列情形之一的，予以警告：
（一）甲；
（二）乙。

前款规定以外的情形，依法处理。
"""


@pytest.mark.parametrize(("name", "count"), OFFICIAL_ARTICLE_COUNTS.items())
def test_parser_article_counts_equal_official_texts(name: str, count: int) -> None:
    path = law_file(name)
    parsed = parse_law_markdown(path.read_text(encoding="utf-8"), file_name=path.name)
    assert len(parsed.articles) == count
    assert [a.number for a in parsed.articles] == list(range(1, count + 1))
    assert parsed.articles[-1].label == f"第{int_to_cn(count)}条"


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("八十六", 86), ("一百零一", 101), ("一百一十", 110),
     ("一百五十四", 154), ("一千零八", 1008), ("两百", 200)],
)  # fmt: skip
def test_chinese_numerals_convert_both_ways(numeral: str, value: int) -> None:
    assert cn_to_int(numeral) == value
    if numeral != "两百":
        assert int_to_cn(value) == numeral


def test_parser_reads_sub_numbered_articles_paragraphs_and_items() -> None:
    text = MINIMAL + "\n第二条之一 补充条文。\n\n第三条 本法自公布之日起施行。\n"
    parsed = parse_law_markdown(text, file_name="测试法(2020-01-01).md")
    assert [(a.number, a.sub_number, a.label) for a in parsed.articles] == [
        (1, 0, "第一条"),
        (2, 0, "第二条"),
        (2, 1, "第二条之一"),
        (3, 0, "第三条"),
    ]
    second = parsed.articles[1]
    assert [p.lead for p in second.paragraphs] == [
        "有下列情形之一的，予以警告：",
        "前款规定以外的情形，依法处理。",
    ]
    assert [(i.number, i.label, i.text) for i in second.paragraphs[0].items] == [
        (1, "（一）", "甲；"),
        (2, "（二）", "乙。"),
    ]
    assert parsed.title == "中华人民共和国测试法"
    assert parsed.version_date == dt.date(2020, 1, 1)
    assert parsed.chapters[0].label == "第一章"
    assert parsed.chapters[0].title == "总则"


@pytest.mark.parametrize(
    ("mutation", "line", "message"),
    [
        (lambda t: t.replace("<!-- INFO END -->", ""), None, "INFO END"),
        (lambda t: t.replace("第二条 有下列", "第一条 有下列"), 11, "不在上一条第一条之后"),
        (lambda t: t.replace("（二）乙。", "（三）乙。"), 13, "项号（三）不连续"),
        (lambda t: t.replace("## 第一章 总则", "## 总则"), 7, "无法识别的标题"),
        (lambda t: t.replace("## 第一章 总则", "## 第一章 总则\n\n孤立的一段"), 9, "第一条之前"),
    ],
)
def test_parser_rejects_malformed_text_naming_file_and_line(mutation, line, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFailed) as info:
        parse_law_markdown(mutation(MINIMAL), file_name="测试法(2020-01-01).md")
    assert message in info.value.message
    assert info.value.message.startswith("测试法(2020-01-01).md")
    if line is not None:
        assert info.value.extra["line"] == line
        assert f"第{line}行" in info.value.message


def test_history_lines_give_issuing_body_and_document_number() -> None:
    assert issuing_body_and_document_no("中华人民共和国国务院令第711号修订") == ("国务院", "国务院令第711号")
    assert issuing_body_and_document_no("国家市场监督管理总局令第45号公布") == (
        "国家市场监督管理总局",
        "国家市场监督管理总局令第45号",
    )
    assert issuing_body_and_document_no("第十三届全国人民代表大会常务委员会第二十五次会议修订") == (
        "全国人民代表大会常务委员会",
        "",
    )
    assert issuing_body_and_document_no("广东省第十三届人民代表大会常务委员会第四十七次会议") == (
        "广东省人民代表大会常务委员会",
        "",
    )


def test_newest_started_version_is_current_older_superseded_future_not_yet_effective() -> None:
    today = dt.date(2024, 6, 1)
    facts = [
        VersionFacts("v2017", dt.date(2017, 9, 1), dt.date(2018, 1, 1), expired=True),
        VersionFacts("v2023", dt.date(2023, 9, 1), dt.date(2024, 1, 1), expired=False),
        VersionFacts("v2024", dt.date(2024, 5, 1), dt.date(2025, 1, 1), expired=False),
    ]
    assert version_states(facts, today=today) == {
        "v2017": (Validity.SUPERSEDED, False),
        "v2023": (Validity.VALID, True),
        "v2024": (Validity.NOT_YET_EFFECTIVE, False),
    }
    repealed = [VersionFacts("old", dt.date(2000, 1, 1), None, expired=True)]
    assert version_states(repealed, today=today) == {"old": (Validity.REPEALED, True)}


@pytest.mark.django_db
def test_full_import_of_texts_and_catalogue_counts_structure_and_is_idempotent() -> None:
    summary = law_library_import(actor=Actor.system("test"), directory=LAWS_DIR)
    assert summary["laws"] == 32
    assert summary["versions"] == 32
    assert summary["catalogue"] == 1560
    assert summary["articles"] == Article.objects.count() == 2639
    assert summary["paragraphs"] == Paragraph.objects.count()
    assert summary["items"] == LawItem.objects.count()
    for name, count in OFFICIAL_ARTICLE_COUNTS.items():
        current = LawVersion.objects.get(law__name=name, is_current=True)
        assert current.articles.count() == count == current.article_count, name
    # Catalogue entries without a text are listed without articles; one Law per name.
    assert Law.objects.count() == summary["library_laws"] == 1485
    assert LawVersion.objects.filter(has_text=False).count() == 1564 - 32
    assert LawVersion.objects.filter(is_current=True).count() == Law.objects.count()
    # Level and dates from the catalogue; two versions of 行政复议法, the 2023 text is current.
    penalty = LawVersion.objects.get(law__name="行政处罚法")
    assert penalty.legal_level == LegalLevel.LAW
    assert penalty.effective_date == dt.date(2021, 7, 15)
    assert penalty.issuing_body == "全国人民代表大会常务委员会"
    assert penalty.law.title == "中华人民共和国行政处罚法"
    reconsideration = list(LawVersion.objects.filter(law__name="行政复议法").order_by("version_date"))
    assert [(v.version_date, v.validity, v.is_current, v.has_text) for v in reconsideration] == [
        (dt.date(2017, 9, 1), Validity.SUPERSEDED, False, False),
        (dt.date(2023, 9, 1), Validity.VALID, True, True),
    ]
    regulation = LawVersion.objects.get(law__name="食品安全法实施条例")
    assert (regulation.legal_level, regulation.issuing_body, regulation.document_no) == (
        LegalLevel.ADMINISTRATIVE_REGULATION,
        "国务院",
        "国务院令第721号",
    )
    local = LawVersion.objects.get(law__name="深圳经济特区社会信用条例")
    assert local.legal_level == LegalLevel.LOCAL_REGULATION
    # Structure: 第九条 lists six kinds of penalty as items; 第六十四条 is in 第五章 第四节 听证程序.
    nine = article("行政处罚法", 9)
    assert [p.items.count() for p in nine.paragraphs.all()] == [6]
    assert nine.paragraphs.get().items.get(number=2).text == "罚款、没收违法所得、没收非法财物；"
    sixty_four = article("行政处罚法", 64)
    assert sixty_four.chapter is not None
    assert sixty_four.section is not None
    assert (sixty_four.chapter.label, sixty_four.section.label, sixty_four.section.title) == (
        "第五章",
        "第四节",
        "听证程序",
    )
    assert article("行政处罚法", 5).paragraphs.count() == 3

    ids_before = sorted(Article.objects.values_list("pk", flat=True))
    audit_before = AuditEvent.objects.filter(action="legal.law.import").count()
    again = law_library_import(actor=Actor.system("test"), directory=LAWS_DIR)
    assert again["unchanged"] == 32
    assert again["reindexed_articles"] == 0
    assert sorted(Article.objects.values_list("pk", flat=True)) == ids_before
    assert Law.objects.count() == 1485
    assert LawVersion.objects.count() == 1564
    assert AuditEvent.objects.filter(action="legal.law.import").count() == audit_before + 1


@pytest.mark.django_db
def test_malformed_file_aborts_whole_import(tmp_path: Path) -> None:
    shutil.copy(law_file("行政强制法"), tmp_path)
    (tmp_path / "坏法(2020-01-01).md").write_text(MINIMAL.replace("第二条 有下列", "第一条 有下列"), "utf-8")
    with pytest.raises(ImportFailed) as info:
        law_library_import(actor=Actor.system("test"), directory=tmp_path)
    assert info.value.extra == {"file": "坏法(2020-01-01).md", "line": 11}
    assert Law.objects.count() == 0
    assert Article.objects.count() == 0
    assert not AuditEvent.objects.filter(action="legal.law.import").exists()


@pytest.mark.django_db
def test_two_versions_of_one_law_share_the_law_and_newest_is_current(tmp_path: Path) -> None:
    (tmp_path / "测试法(2020-01-01).md").write_text(MINIMAL, "utf-8")
    newer = MINIMAL.replace("2020年1月1日", "2022年3月1日") + "\n第三条 新增的听证条款。\n"
    (tmp_path / "测试法(2022-03-01).md").write_text(newer, "utf-8")
    summary = law_library_import(actor=Actor.system("test"), directory=tmp_path)
    assert (summary["laws"], summary["versions"]) == (1, 2)
    law = Law.objects.get()
    versions = list(law.versions.order_by("version_date"))
    assert [(v.validity, v.is_current, v.article_count) for v in versions] == [
        (Validity.SUPERSEDED, False, 2),
        (Validity.VALID, True, 3),
    ]
    backend = get_search_backend()
    assert backend.search("警告").total == 1  # current version only by default
    assert backend.search("警告", filters=SearchFilters(current_only=False)).total == 2


@pytest.mark.django_db
def test_reimport_of_changed_text_updates_articles_in_place(tmp_path: Path) -> None:
    path = tmp_path / "测试法(2020-01-01).md"
    path.write_text(MINIMAL, "utf-8")
    law_library_import(actor=Actor.system("test"), directory=tmp_path)
    second = Article.objects.get(number=2)
    paragraph_ids = list(second.paragraphs.values_list("pk", flat=True))
    item_ids = list(LawItem.objects.filter(paragraph__article=second).values_list("pk", flat=True))
    path.write_text(MINIMAL.replace("予以警告", "处以罚款"), "utf-8")
    summary = law_library_import(actor=Actor.system("test"), directory=tmp_path)
    assert summary["reindexed_articles"] == 2
    second.refresh_from_db()
    assert "处以罚款" in second.text
    assert list(second.paragraphs.values_list("pk", flat=True)) == paragraph_ids
    assert list(LawItem.objects.filter(paragraph__article=second).values_list("pk", flat=True)) == item_ids
    backend = get_search_backend()
    assert backend.search("罚款").ids == [second.pk]
    assert backend.search("警告").ids == []


@pytest.mark.django_db
def test_command_prints_one_json_line_and_fails_cleanly(tmp_path: Path) -> None:
    for name in ("行政处罚法", "行政强制法"):
        shutil.copy(law_file(name), tmp_path)
    shutil.copy(LAWS_DIR / "法律法规模版.md", tmp_path)  # the format description is skipped
    out = io.StringIO()
    call_command("import_laws", str(tmp_path), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    summary = json.loads(lines[0])
    assert (summary["laws"], summary["versions"], summary["articles"], summary["catalogue"]) == (2, 2, 157, 0)

    (tmp_path / "坏法(2020-01-01).md").write_text("# 坏法\n\n第一条 没有分隔行。\n", "utf-8")
    with pytest.raises(CommandError, match=r"坏法\(2020-01-01\)\.md"):
        call_command("import_laws", str(tmp_path), stdout=io.StringIO())


@pytest.mark.django_db
def test_import_helper_imports_only_named_laws() -> None:
    summary = import_laws("行政处罚法")
    assert summary["articles"] == 86
    assert article("行政处罚法", 86).text == "本法自2021年7月15日起施行。"
