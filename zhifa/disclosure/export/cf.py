"""The 行政处罚 双公示 record in the 信用中国 CF_* schema (RECORDS.md §1): the 30 data items in the
standard's order, built from a penalty `Publication` (already masked public content) plus the
structured codes of its party (`parties.Party`) and the USCC of the agencies (`orgs.Organisation`).

Choices that are ours (docs/guide/shuanggongshi-export.md):

* CF_CFLB is multi-valued; values are the 处罚法 第九条 labels in the article's order, joined by
  ``;`` (half-width semicolon, the separator of the published 信用中国 templates).
* Amounts are 万元 with exactly 6 decimals, computed from Decimal 元 (元 ÷ 10,000 is exact for
  amounts with 2 decimals): 2,000 元 → ``0.200000``. No float anywhere.
* Dates are written ``YYYY/MM/DD``; CF_YXQ is ``2099/12/31`` when the penalty has no end date
  [unconfirmed, RECORDS §1 row 24]; CF_GSJZQ is the publication's ``public_until``.
* Identity numbers (CF_XDR_ZJHM, CF_FR_ZJHM) are only ever the masked forms; a value that arrives
  unmasked is masked again here, and any field still holding a full 居民身份证号码 makes the record
  invalid (RULES §6.3).

`validate_cf_values` returns the problems of one record in Chinese; a record with problems is
reported and never exported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from zhifa.core.errors import ValidationError
from zhifa.core.identifiers import (
    mask_id_number,
    mask_name,
    mask_pattern,
    resident_id_is_valid,
    validate_uscc,
)
from zhifa.legal.rules.discretion import PenaltyKind

# Requirement flags of RECORDS.md §1.
REQUIRED, CONDITIONAL, OPTIONAL, OPTIONAL_CONDITIONAL = "Y", "C", "O", "O/C"


@dataclass(frozen=True)
class CfField:
    code: str
    label: str
    req: str  # Y required, C conditionally required, O optional, O/C optional but paired
    max_length: int | None = None  # characters; None: not limited by the standard
    kind: str = "text"  # text | code18 | date | wan


# RECORDS.md §1, rows 1–30, in the standard's order (the export's column order).
CF_FIELDS: tuple[CfField, ...] = (
    CfField("CF_XDR_MC", "行政相对人名称", REQUIRED, 200),
    CfField("CF_XDR_LB", "行政相对人类别", REQUIRED, 16),
    CfField("CF_XDR_SHXYM", "行政相对人代码_1（统一社会信用代码）", CONDITIONAL, 18, "code18"),
    CfField("CF_XDR_GSZC", "行政相对人代码_2（工商注册号）", CONDITIONAL, 50),
    CfField("CF_XDR_ZZJG", "行政相对人代码_3（组织机构代码）", CONDITIONAL, 9),
    CfField("CF_XDR_SWDJ", "行政相对人代码_4（税务登记号）", CONDITIONAL, 15),
    CfField("CF_XDR_SYDW", "行政相对人代码_5（事业单位证书号）", CONDITIONAL, 12),
    CfField("CF_XDR_SHZZ", "行政相对人代码_6（社会组织登记证号）", CONDITIONAL, 50),
    CfField("CF_FRDB", "法定代表人", CONDITIONAL, 50),
    CfField("CF_FR_ZJLX", "法定代表人证件类型", OPTIONAL_CONDITIONAL, 64),
    CfField("CF_FR_ZJHM", "法定代表人证件号码", OPTIONAL_CONDITIONAL, 64),
    CfField("CF_XDR_ZJLX", "证件类型", CONDITIONAL, 64),
    CfField("CF_XDR_ZJHM", "证件号码", CONDITIONAL, 64),
    CfField("CF_WSH", "行政处罚决定书文号", REQUIRED, 128),
    CfField("CF_WFXW", "违法行为类型", REQUIRED, 2000),
    CfField("CF_SY", "违法事实", REQUIRED, 5000),
    CfField("CF_YJ", "处罚依据", REQUIRED, 2048),
    CfField("CF_CFLB", "处罚类别", REQUIRED),
    CfField("CF_NR", "处罚内容", REQUIRED, 4000),
    CfField("CF_NR_FK", "罚款金额（万元）", CONDITIONAL, None, "wan"),
    CfField("CF_NR_WFFF", "没收违法所得、没收非法财物的金额（万元）", CONDITIONAL, None, "wan"),
    CfField("CF_NR_ZKDX", "暂扣或吊销证照名称及编号", CONDITIONAL, 200),
    CfField("CF_JDRQ", "处罚决定日期", REQUIRED, None, "date"),
    CfField("CF_YXQ", "处罚有效期", REQUIRED, None, "date"),
    CfField("CF_GSJZQ", "公示截止期", OPTIONAL, None, "date"),
    CfField("CF_CFJG", "处罚机关", REQUIRED, 200),
    CfField("CF_CFJGDM", "处罚机关统一社会信用代码", REQUIRED, 18, "code18"),
    CfField("CF_SJLY", "数据来源单位", REQUIRED, 200),
    CfField("CF_SJLYDM", "数据来源单位统一社会信用代码", REQUIRED, 18, "code18"),
    CfField("BZ", "备注", OPTIONAL, 512),
)
CF_CODES: tuple[str, ...] = tuple(f.code for f in CF_FIELDS)
CF_BY_CODE: dict[str, CfField] = {f.code: f for f in CF_FIELDS}

CFLB_SEPARATOR = ";"
NO_END_DATE = "2099/12/31"  # CF_YXQ when the penalty has no end date [unconfirmed]
DATE_FORMAT = "%Y/%m/%d"
WAN_QUANTUM = Decimal("0.000001")
WAN_MAX = Decimal("999999999999.999999")  # decimal(18,6)

# CF_XDR_LB values (RECORDS §1 row 2), keyed by disclosure.PartyKind values.
LB_ORGANISATION, LB_PERSON, LB_SOLE_TRADER = "法人及非法人组织", "自然人", "个体工商户"
LB_BY_PARTY_KIND = {"organisation": LB_ORGANISATION, "person": LB_PERSON, "sole_trader": LB_SOLE_TRADER}
# parties.PartyKind → disclosure.PartyKind, to check the published class against the library.
PUBLICATION_KIND_OF_PARTY = {
    "natural_person": "person",
    "legal_person": "organisation",
    "other_org": "organisation",
    "individual_business": "sole_trader",
}

# 处罚法（2021）第九条: the penalty kinds, in the article's order (PenaltyKind keeps that order).
ART9_LABELS: tuple[str, ...] = tuple(label for _, label in PenaltyKind.choices)
_LABEL_OF_VALUE: dict[str, str] = dict(PenaltyKind.choices)
FINE = PenaltyKind.FINE.label
CONFISCATIONS = frozenset(
    {PenaltyKind.CONFISCATE_ILLEGAL_GAINS.label, PenaltyKind.CONFISCATE_ILLEGAL_PROPERTY.label}
)
LICENCE_KINDS = frozenset({PenaltyKind.SUSPEND_LICENCE.label, PenaltyKind.REVOKE_LICENCE.label})

# 证件类型 as the 信用中国 template writes them (RECORDS §1 rows 10 and 12), by parties.IdType.
ID_TYPE_LABELS = {
    "resident_id": "身份证",
    "passport": "护照",
    "hk_macau_permit": "港澳居民来往内地通行证",
    "taiwan_permit": "台湾居民来往大陆通行证",
    "hmt_residence_permit": "港澳台居民居住证",
    "foreign_permanent_residence": "外国人永久居留身份证",
    "other": "其他",
}
ID_TYPE_VALUES = frozenset(ID_TYPE_LABELS.values())

ORG_CODE_FIELDS = ("CF_XDR_SHXYM", "CF_XDR_GSZC", "CF_XDR_ZZJG", "CF_XDR_SWDJ", "CF_XDR_SYDW", "CF_XDR_SHZZ")
ORGANISATION_ONLY_FIELDS = (*ORG_CODE_FIELDS, "CF_FRDB", "CF_FR_ZJLX", "CF_FR_ZJHM")

# A full 18-character 居民身份证号码 anywhere in a record (checked with its check character).
_RESIDENT_ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


# --- formatting ---------------------------------------------------------------------------------


def yuan_to_wan(yuan: Decimal | int | str) -> str:
    """元 → 万元 with exactly 6 decimals, in Decimal only (2,000 元 → "0.200000").

    Dividing by 10,000 moves the decimal point four places: exact for amounts in 元 with up to
    2 decimals, so the quantize below never rounds them (finer inputs round half-even).
    """
    if isinstance(yuan, float):
        raise TypeError("金额须为 Decimal（元），不得使用浮点数")
    amount = yuan if isinstance(yuan, Decimal) else Decimal(yuan)
    if not amount.is_finite():
        raise ValueError("金额不是有效数字")
    wan = amount.scaleb(-4).quantize(WAN_QUANTUM)
    if wan.is_zero():
        wan = abs(wan)  # never "-0.000000"
    return format(wan, "f")


def cf_date(day: dt.date | None) -> str:
    return day.strftime(DATE_FORMAT) if day else ""


_CF_DATE_RE = re.compile(r"(\d{4})/(\d{2})/(\d{2})")


@lru_cache(maxsize=4096)
def parse_cf_date(text: str) -> dt.date | None:
    """YYYY/MM/DD → date (None when malformed or not a calendar day). Cached: exports repeat dates."""
    match = _CF_DATE_RE.fullmatch(text)
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def uscc_problem(code: str) -> str:
    """The USCC check's message ("" when valid). Cached: agencies' codes repeat on every record."""
    try:
        validate_uscc(code)
    except ValidationError as exc:
        return exc.message
    return ""


def cf_penalty_kinds(kinds: Iterable[str]) -> tuple[list[str], list[str]]:
    """(Art. 9 labels in the article's order, unknown entries). Accepts labels or PenaltyKind values."""
    labels: set[str] = set()
    unknown: list[str] = []
    for kind in kinds or ():
        text = str(kind).strip()
        if text in ART9_LABELS:
            labels.add(text)
        elif text in _LABEL_OF_VALUE:
            labels.add(_LABEL_OF_VALUE[text])
        elif text:
            unknown.append(text)
    return [label for label in ART9_LABELS if label in labels], unknown


def _mask_char() -> str:
    return str(mask_pattern("resident_id").get("char", "*"))


def masked_id(value: str, id_type: str) -> str:
    """The masked form of an identity number; a value that arrives unmasked is masked here."""
    value = (value or "").strip()
    if not value or _mask_char() in value:
        return value
    return mask_id_number(value, id_type or "resident_id")


# --- building -----------------------------------------------------------------------------------


@dataclass
class CfRecord:
    """One publication as a CF_* record: `values` keyed by CF code (all 30, in order) and the
    problems that keep it out of the export."""

    publication_id: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def number(self) -> str:
        return self.values.get("CF_WSH", "")


def agency_of(organisation: Any) -> Any:
    """The 处罚机关: a 受委托组织 acts in the name of the entrusting agency (处罚法 第二十条)."""
    if getattr(organisation, "kind", "") == "entrusted_org" and getattr(
        organisation, "entrusted_by_id", None
    ):
        return organisation.entrusted_by
    return organisation


def build_cf_values(
    publication: Any, *, party: Any | None, agency: Any, data_source: Any | None = None
) -> dict[str, str]:
    """The 30 CF_* values of one penalty publication (strings; "" when empty).

    `party` is the source `parties.Party` (structured codes, masked identity numbers) or None;
    `agency` the 处罚机关 `Organisation` (see `agency_of`); `data_source` the reporting unit
    (default: the 处罚机关)."""
    source = data_source or agency
    lb = LB_BY_PARTY_KIND.get(publication.party_kind, "")
    person = lb == LB_PERSON
    v: dict[str, str] = dict.fromkeys(CF_CODES, "")

    name = (publication.party_name or "").strip()
    if person and party is not None and name == (party.name or "").strip():
        name = mask_name(name)  # RULES §6.3: a natural person's name is never published in full
    v["CF_XDR_MC"] = name
    v["CF_XDR_LB"] = lb

    if person:
        id_type = (party.id_type if party is not None else "") or ""
        number = (party.id_number_masked if party is not None else "") or publication.party_code
        v["CF_XDR_ZJLX"] = ID_TYPE_LABELS.get(id_type, "")
        v["CF_XDR_ZJHM"] = masked_id(number, id_type)
    else:
        uscc = (party.uscc if party is not None else "") or ""
        if not uscc and len((publication.party_code or "").strip()) == 18:
            uscc = publication.party_code
        v["CF_XDR_SHXYM"] = uscc.strip().upper()
        if party is not None:
            v["CF_XDR_GSZC"] = party.business_reg_no.strip()
            v["CF_XDR_ZZJG"] = party.org_code.replace("-", "").strip().upper()
            v["CF_XDR_SWDJ"] = party.tax_reg_no.strip()
            v["CF_XDR_SYDW"] = party.institution_cert_no.strip()
            v["CF_XDR_SHZZ"] = party.social_org_reg_no.strip()
        representative = (publication.legal_representative or "").strip()
        if not representative and party is not None:
            representative = (party.legal_rep_name or "").strip()
            if lb == LB_SOLE_TRADER:  # the 经营者 is a natural person
                representative = mask_name(representative)
        v["CF_FRDB"] = representative
        if party is not None and party.legal_rep_id_masked:
            v["CF_FR_ZJLX"] = ID_TYPE_LABELS.get(party.legal_rep_id_type, "")
            v["CF_FR_ZJHM"] = masked_id(party.legal_rep_id_masked, party.legal_rep_id_type)

    labels, unknown = cf_penalty_kinds(publication.penalty_kinds or [])
    v["CF_WSH"] = (publication.number or "").strip()
    v["CF_WFXW"] = (publication.title or "").strip()
    v["CF_SY"] = (publication.facts or "").strip()
    v["CF_YJ"] = (publication.basis or "").strip()
    v["CF_CFLB"] = CFLB_SEPARATOR.join(labels + unknown)  # unknown entries are reported, see below
    v["CF_NR"] = (publication.decision or "").strip()
    if publication.fine_amount is not None:
        v["CF_NR_FK"] = yuan_to_wan(publication.fine_amount)
    if publication.confiscation_amount is not None:
        v["CF_NR_WFFF"] = yuan_to_wan(publication.confiscation_amount)
    v["CF_NR_ZKDX"] = (publication.licence or "").strip()
    v["CF_JDRQ"] = cf_date(publication.decided_on)
    v["CF_YXQ"] = NO_END_DATE
    v["CF_GSJZQ"] = cf_date(publication.public_until)
    entrusted = agency is not None and agency.pk != publication.organisation_id
    v["CF_CFJG"] = (agency.name if entrusted else publication.organisation_name or agency.name).strip()
    v["CF_CFJGDM"] = (agency.uscc or "").strip().upper()
    v["CF_SJLY"] = (source.name or "").strip()
    v["CF_SJLYDM"] = (source.uscc or "").strip().upper()
    return v


def build_cf_record(
    publication: Any,
    *,
    party: Any | None,
    agency: Any,
    data_source: Any | None = None,
    today: dt.date | None = None,
) -> CfRecord:
    values = build_cf_values(publication, party=party, agency=agency, data_source=data_source)
    problems = validate_cf_values(values, today=today)
    if party is not None and PUBLICATION_KIND_OF_PARTY.get(party.kind) not in (None, publication.party_kind):
        problems.append("相对人类别与执法对象库登记的类别不一致，请核对后再公示")
    return CfRecord(publication_id=publication.pk, values=values, problems=problems)


# --- validation ---------------------------------------------------------------------------------


def _named(code: str) -> str:
    return f"{code}（{CF_BY_CODE[code].label}）"


def _missing(code: str, why: str = "") -> str:
    return f"缺少 {_named(code)}{why}" if why else f"缺少必填项 {_named(code)}"


def validate_cf_values(values: Mapping[str, str], *, today: dt.date | None = None) -> list[str]:
    """The problems of one CF record (Chinese, one sentence each); empty when it may be exported."""
    problems: list[str] = []
    v = {code: (values.get(code) or "").strip() for code in CF_CODES}

    # Required items (Y).
    problems += [_missing(f.code) for f in CF_FIELDS if f.req == REQUIRED and not v[f.code]]

    # Lengths and formats.
    for f in CF_FIELDS:
        value = v[f.code]
        if not value:
            continue
        if f.max_length is not None and len(value) > f.max_length:
            problems.append(f"{_named(f.code)}超过{f.max_length}个字符（当前{len(value)}个）")
        if f.kind == "code18":
            message = uscc_problem(value)
            if message:
                problems.append(f"{_named(f.code)}：{message}")
        elif f.kind == "date" and parse_cf_date(value) is None:
            problems.append(f"{_named(f.code)}应为 YYYY/MM/DD 格式的有效日期")
        elif f.kind == "wan":
            problems += _check_wan(f.code, value)

    lb = v["CF_XDR_LB"]
    if lb and lb not in (LB_ORGANISATION, LB_PERSON, LB_SOLE_TRADER):
        problems.append(f"{_named('CF_XDR_LB')}应为 法人及非法人组织、自然人 或 个体工商户")
    if lb in (LB_ORGANISATION, LB_SOLE_TRADER):
        if not any(v[code] for code in ORG_CODE_FIELDS):
            problems.append(
                "法人及非法人组织、个体工商户须填写统一社会信用代码（CF_XDR_SHXYM），"
                "无统一社会信用代码的须至少填写一项其他行政相对人代码（CF_XDR_GSZC 至 CF_XDR_SHZZ）"
            )
        if lb == LB_ORGANISATION and not v["CF_FRDB"]:
            problems.append(_missing("CF_FRDB", "：相对人为法人及非法人组织时必填"))
    elif lb == LB_PERSON:
        if not v["CF_XDR_ZJLX"]:
            problems.append(_missing("CF_XDR_ZJLX", "：相对人为自然人时必填"))
        if not v["CF_XDR_ZJHM"]:
            problems.append(_missing("CF_XDR_ZJHM", "：相对人为自然人时必填"))
        filled = [code for code in ORGANISATION_ONLY_FIELDS if v[code]]
        if filled:
            problems.append(f"相对人为自然人时不填写 {'、'.join(filled)}")
    for type_code, number_code in (("CF_XDR_ZJLX", "CF_XDR_ZJHM"), ("CF_FR_ZJLX", "CF_FR_ZJHM")):
        if v[type_code] and v[type_code] not in ID_TYPE_VALUES:
            problems.append(f"{_named(type_code)}不是标准的证件类型：{v[type_code]}")
        if v[number_code] and not v[type_code]:
            problems.append(_missing(type_code, f"：填写了 {number_code} 时必填"))
        if v[type_code] and not v[number_code] and type_code == "CF_FR_ZJLX":
            problems.append(_missing(number_code, f"：填写了 {type_code} 时必填"))
        if v[number_code] and _mask_char() not in v[number_code]:
            problems.append(f"{_named(number_code)}未脱敏，证件号码不得完整公示")

    # 处罚类别 (处罚法 第九条) and the items each kind requires.
    kinds = [k for k in v["CF_CFLB"].split(CFLB_SEPARATOR) if k] if v["CF_CFLB"] else []
    unknown = [k for k in kinds if k not in ART9_LABELS]
    if unknown:
        problems.append(f"{_named('CF_CFLB')}含有处罚法第九条以外的类别：{'、'.join(unknown)}")
    if FINE in kinds and not v["CF_NR_FK"]:
        problems.append(_missing("CF_NR_FK", "：处罚类别含罚款时必填"))
    if CONFISCATIONS.intersection(kinds) and not v["CF_NR_WFFF"]:
        problems.append(_missing("CF_NR_WFFF", "：处罚类别含没收违法所得或没收非法财物时必填"))
    if LICENCE_KINDS.intersection(kinds) and not v["CF_NR_ZKDX"]:
        problems.append(_missing("CF_NR_ZKDX", "：处罚类别含暂扣或吊销许可证件时必填"))

    # Dates in order.
    decided = parse_cf_date(v["CF_JDRQ"]) if v["CF_JDRQ"] else None
    if decided is not None:
        if decided > (today or dt.date.today()):
            problems.append(f"{_named('CF_JDRQ')}晚于今天")
        for code in ("CF_YXQ", "CF_GSJZQ"):
            later = parse_cf_date(v[code]) if v[code] else None
            if later is not None and later < decided:
                problems.append(f"{_named(code)}早于处罚决定日期")

    # Never a full 居民身份证号码 anywhere in a public record (RULES §6.3).
    for code in CF_CODES:
        if any(resident_id_is_valid(m) for m in _RESIDENT_ID_RE.findall(v[code])):
            problems.append(f"{_named(code)}含有未脱敏的身份证号码，不得公示")
    return problems


def _check_wan(code: str, value: str) -> list[str]:
    try:
        amount = Decimal(value)
    except ArithmeticError:
        return [f"{_named(code)}不是有效金额：{value}"]
    if not amount.is_finite():
        return [f"{_named(code)}不是有效金额：{value}"]
    problems = []
    if amount.as_tuple().exponent != -6:  # type: ignore[operator]
        problems.append(f"{_named(code)}应以万元为单位保留6位小数")
    if amount <= 0:
        problems.append(f"{_named(code)}应大于0")
    if amount > WAN_MAX:
        problems.append(f"{_named(code)}超出 decimal(18,6) 的范围")
    return problems
