"""The CF_* record: the schema of RECORDS.md §1 exactly, values as the standard writes them, and the
validation of required (Y) and conditional (C) items."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings

from zhifa.disclosure.export.cf import (
    ART9_LABELS,
    CF_CODES,
    CF_FIELDS,
    NO_END_DATE,
    build_cf_record,
    cf_penalty_kinds,
    validate_cf_values,
)
from zhifa.disclosure.export.selectors import export_publications, iter_cf_records
from zhifa.disclosure.models import PartyKind
from zhifa.parties.tests.factories import make_party, make_resident_id, make_uscc

from .factories import PublicationFactory, agency, demo_penalties, publication_for

TODAY = dt.date(2026, 5, 1)


def records_table() -> list[list[str]]:
    text = (settings.SHARED_DIR / "domain" / "RECORDS.md").read_text(encoding="utf-8")
    section = text.split("## 1.", 1)[1].split("## 2.", 1)[0]
    rows = [line.split("|")[1:-1] for line in section.splitlines() if re.match(r"^\| \d+ \|", line)]
    return [[cell.strip() for cell in row] for row in rows]


def test_the_schema_is_the_thirty_codes_of_records_md_in_their_order() -> None:
    table = records_table()
    assert len(table) == 30
    assert list(CF_CODES) == [row[1] for row in table]
    assert [f.req for f in CF_FIELDS] == [row[3] for row in table]


def test_penalty_kinds_are_the_article_9_list_of_records_md() -> None:
    note = next(row[6] for row in records_table() if row[1] == "CF_CFLB")
    listed = note.split("list:", 1)[1].replace(" ", "").split(";")
    assert list(ART9_LABELS) == listed


def test_penalty_kinds_keep_the_article_order_and_accept_codes() -> None:
    assert cf_penalty_kinds(["fine", "警告", "没收违法所得"]) == (["警告", "罚款", "没收违法所得"], [])
    assert cf_penalty_kinds(["罚款", "罚钱"]) == (["罚款"], ["罚钱"])


def agency_record(pub: Any, **kwargs: Any) -> Any:
    return build_cf_record(pub, party=None, agency=pub.organisation, today=TODAY, **kwargs)


@pytest.mark.django_db
def test_a_fine_of_2000_yuan_on_a_company_is_written_as_the_standard_writes_it() -> None:
    pub = PublicationFactory.create(penalty_kinds=["罚款", "警告"], decision="警告，罚款2000元")
    record = agency_record(pub)
    v = record.values
    assert record.valid, record.problems
    assert list(v) == list(CF_CODES)
    assert v["CF_NR_FK"] == "0.200000"
    assert v["CF_NR_WFFF"] == ""
    assert v["CF_CFLB"] == "警告;罚款"
    assert v["CF_NR"] == "警告，罚款2000元"  # CF_NR keeps 元
    assert v["CF_JDRQ"] == "2026/03/02"
    assert v["CF_YXQ"] == NO_END_DATE == "2099/12/31"
    assert v["CF_GSJZQ"] == "2027/03/02"
    assert v["CF_XDR_LB"] == "法人及非法人组织"
    assert v["CF_XDR_SHXYM"] == pub.party_code
    assert v["CF_CFJG"] == v["CF_SJLY"] == pub.organisation.name
    assert v["CF_CFJGDM"] == v["CF_SJLYDM"] == pub.organisation.uscc


@pytest.mark.django_db
def test_the_demo_mix_of_penalties_validates() -> None:
    org = agency("深圳市市场监督管理局")
    pubs = demo_penalties(org)
    records = list(iter_cf_records(export_publications(user=None), today=TODAY))
    assert [r.publication_id for r in records] == sorted(p.pk for p in pubs)
    assert all(r.valid for r in records), [(r.number, r.problems) for r in records if not r.valid]
    by_number = {r.number: r.values for r in records}
    ngo, shop, person, entrusted = (by_number[p.number] for p in pubs[1:])
    assert ngo["CF_CFLB"] == "警告;罚款;没收违法所得"
    assert (ngo["CF_NR_FK"], ngo["CF_NR_WFFF"]) == ("1.000000", "0.123456")
    assert shop["CF_XDR_LB"] == "个体工商户"
    assert shop["CF_CFLB"] == "罚款;吊销许可证件"
    assert shop["CF_NR_ZKDX"] == "食品经营许可证 JY14403030000001"
    assert person["CF_XDR_LB"] == "自然人"
    assert person["CF_XDR_MC"] == "张**"
    assert person["CF_XDR_ZJLX"] == "身份证"
    assert re.fullmatch(r"\d{4}\*{10}[\dX]{4}", person["CF_XDR_ZJHM"])
    assert person["CF_XDR_SHXYM"] == person["CF_FRDB"] == ""
    assert person["CF_GSJZQ"] == ""  # optional: no end of publication set
    # 受委托组织 acts in the name of the entrusting agency (处罚法 第二十条).
    assert entrusted["CF_CFJG"] == "深圳市市场监督管理局"
    assert entrusted["CF_CFJGDM"] == org.uscc


@pytest.mark.django_db
def test_company_legal_representative_id_is_exported_masked_only() -> None:
    org = agency()
    company = make_party(org, legal_rep_id_type="resident_id", legal_rep_id_number=make_resident_id())
    v = build_cf_record(publication_for(company, org), party=company, agency=org, today=TODAY).values
    assert v["CF_FRDB"] == company.legal_rep_name
    assert v["CF_FR_ZJLX"] == "身份证"
    assert v["CF_FR_ZJHM"] == company.legal_rep_id_masked
    assert "*" in v["CF_FR_ZJHM"]


@pytest.mark.django_db
def test_a_natural_persons_id_number_is_never_exported_unmasked() -> None:
    org = agency()
    number = make_resident_id()
    person = make_party(org, kind="natural_person", name="李四", id_number=number)
    # Even when a publication carries the name and number unmasked (a faulty upstream write),
    # the record masks both again.
    pub = publication_for(person, org, party_name="李四", party_code=number)
    for party in (person, None):  # without the library party the id type is unknown: reported
        record = build_cf_record(pub, party=party, agency=org, today=TODAY)
        assert record.valid == (party is not None), record.problems
        flat = "|".join(record.values.values())
        assert number not in flat
        assert record.values["CF_XDR_ZJHM"] == number[:4] + "*" * 10 + number[-4:]
    assert build_cf_record(pub, party=person, agency=org, today=TODAY).values["CF_XDR_MC"] == "李*"


@pytest.mark.django_db
def test_a_full_id_number_inside_the_facts_makes_the_record_invalid() -> None:
    pub = PublicationFactory.create(facts=f"当事人（身份证号{make_resident_id()}）销售过期食品。")
    record = agency_record(pub)
    assert not record.valid
    assert any("未脱敏的身份证号码" in p for p in record.problems)


def problems_of(**values: str) -> list[str]:
    pub_values = dict.fromkeys(CF_CODES, "")
    pub_values.update(
        CF_XDR_MC="深圳市测试商贸有限公司",
        CF_XDR_LB="法人及非法人组织",
        CF_XDR_SHXYM=make_uscc(),
        CF_FRDB="王五",
        CF_WSH="深市监罚〔2026〕1号",
        CF_WFXW="销售过期食品",
        CF_SY="事实",
        CF_YJ="依据",
        CF_CFLB="罚款",
        CF_NR="罚款2000元",
        CF_NR_FK="0.200000",
        CF_JDRQ="2026/03/02",
        CF_YXQ="2099/12/31",
        CF_CFJG="深圳市市场监督管理局",
        CF_CFJGDM=make_uscc(prefix="11"),
        CF_SJLY="深圳市市场监督管理局",
        CF_SJLYDM=make_uscc(prefix="11"),
    )
    pub_values.update(values)
    return validate_cf_values(pub_values, today=TODAY)


def test_a_complete_record_has_no_problems() -> None:
    assert problems_of() == []


@pytest.mark.parametrize(
    ("code", "label"),
    [("CF_WSH", "行政处罚决定书文号"), ("CF_SY", "违法事实"), ("CF_CFJGDM", "处罚机关统一社会信用代码")],
)
def test_each_missing_required_item_is_named_in_chinese(code: str, label: str) -> None:
    assert problems_of(**{code: ""}) == [f"缺少必填项 {code}（{label}）"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"CF_NR_FK": ""}, "缺少 CF_NR_FK（罚款金额（万元））：处罚类别含罚款时必填"),
        ({"CF_CFLB": "没收违法所得"}, "缺少 CF_NR_WFFF"),
        ({"CF_CFLB": "罚款;吊销许可证件"}, "缺少 CF_NR_ZKDX"),
        ({"CF_FRDB": ""}, "缺少 CF_FRDB（法定代表人）：相对人为法人及非法人组织时必填"),
        ({"CF_XDR_SHXYM": ""}, "无统一社会信用代码的须至少填写一项其他行政相对人代码"),
        (
            {"CF_XDR_SHXYM": "91440300MA5DC0AB1X"},
            "CF_XDR_SHXYM（行政相对人代码_1（统一社会信用代码））：统一社会信用代码",
        ),
        ({"CF_XDR_LB": "自然人", "CF_XDR_SHXYM": "", "CF_FRDB": ""}, "缺少 CF_XDR_ZJLX"),
        (
            {
                "CF_XDR_LB": "自然人",
                "CF_FRDB": "",
                "CF_XDR_ZJLX": "身份证",
                "CF_XDR_ZJHM": "4403**********0012",
            },
            "相对人为自然人时不填写 CF_XDR_SHXYM",
        ),
        (
            {
                "CF_XDR_LB": "自然人",
                "CF_XDR_SHXYM": "",
                "CF_FRDB": "",
                "CF_XDR_ZJLX": "身份证",
                "CF_XDR_ZJHM": "440303198501010012",
            },
            "CF_XDR_ZJHM（证件号码）未脱敏",
        ),
        ({"CF_CFLB": "罚款;罚钱"}, "含有处罚法第九条以外的类别：罚钱"),
        ({"CF_NR_FK": "0.2"}, "应以万元为单位保留6位小数"),
        ({"CF_NR_FK": "0.000000"}, "CF_NR_FK（罚款金额（万元））应大于0"),
        ({"CF_JDRQ": "2026-03-02"}, "CF_JDRQ（处罚决定日期）应为 YYYY/MM/DD 格式的有效日期"),
        ({"CF_JDRQ": "2026/06/01"}, "CF_JDRQ（处罚决定日期）晚于今天"),
        ({"CF_GSJZQ": "2026/03/01"}, "CF_GSJZQ（公示截止期）早于处罚决定日期"),
        ({"CF_XDR_MC": "名" * 201}, "CF_XDR_MC（行政相对人名称）超过200个字符（当前201个）"),
        ({"CF_XDR_ZZJG": "1234567890"}, "CF_XDR_ZZJG（行政相对人代码_3（组织机构代码））超过9个字符"),
        ({"CF_XDR_LB": "企业"}, "CF_XDR_LB（行政相对人类别）应为"),
        ({"CF_FR_ZJLX": "身份证"}, "缺少 CF_FR_ZJHM"),
    ],
)
def test_conditional_items_and_formats_are_checked(values: dict[str, str], expected: str) -> None:
    problems = problems_of(**values)
    assert any(expected in p for p in problems), problems


@pytest.mark.django_db
def test_publication_kind_disagreeing_with_the_party_library_is_a_problem() -> None:
    org = agency()
    person = make_party(org, kind="natural_person", name="王小二")
    pub = publication_for(person, org, party_kind=PartyKind.ORGANISATION, party_name="王*")
    record = build_cf_record(pub, party=person, agency=org, today=TODAY)
    assert "相对人类别与执法对象库登记的类别不一致，请核对后再公示" in record.problems


@pytest.mark.django_db
def test_an_agency_without_a_uscc_cannot_be_exported() -> None:
    pub = PublicationFactory.create(organisation=agency(uscc=""))
    record = agency_record(pub)
    assert "缺少必填项 CF_CFJGDM（处罚机关统一社会信用代码）" in record.problems


@pytest.mark.django_db
def test_a_chosen_data_source_unit_fills_cf_sjly() -> None:
    source = agency("深圳市政务服务数据管理局")
    record = agency_record(PublicationFactory.create(), data_source=source)
    assert (record.values["CF_SJLY"], record.values["CF_SJLYDM"]) == (source.name, source.uscc)


@pytest.mark.django_db
def test_fines_are_converted_from_decimal_yuan_without_float() -> None:
    pub = PublicationFactory.create(fine_amount=Decimal("123456789012.34"))
    assert agency_record(pub).values["CF_NR_FK"] == "12345678.901234"
