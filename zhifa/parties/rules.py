"""Party data rules (pure): what a party record must hold per kind, each code by its own rule.

Basis: RECORDS.md §1 (CF_* rows 1–13) and §4.1; RULES.md §8 (identifiers).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from zhifa.core.errors import ValidationError
from zhifa.core.identifiers import (
    mask_id_number,
    org_code_check_char,
    validate_resident_id,
    validate_uscc,
)

from .choices import (
    GB11643_ID_TYPES,
    OTHER_CODE_FIELDS,
    EnterpriseStatus,
    IdType,
    PartyKind,
    SourceType,
)

_DOC_NUMBER = re.compile(r"^[A-Z0-9()（）]{5,30}$")
_PHONE = re.compile(r"^\+?[0-9][0-9\- ]{4,19}$")
_INDUSTRY = re.compile(r"^[A-T](\d{2,4})?$")  # GB/T 4754-2017: 门类 letter + up to 4 digits
_REGION = re.compile(r"^\d{2,12}$")

# Enum value sets, built once (Django's `.values` rebuilds a list on every access).
KINDS = frozenset(PartyKind.values)
ID_TYPES = frozenset(IdType.values)
ENTERPRISE_STATUSES = frozenset(EnterpriseStatus.values)
SOURCES = frozenset(SourceType.values)

TEXT_LIMITS = {
    "name": 200,
    "legal_rep_name": 50,
    "address": 255,
    "registration_authority": 100,
    "business_reg_no": 50,
    "tax_reg_no": 20,
    "institution_cert_no": 20,
    "social_org_reg_no": 50,
}


@dataclass
class CleanParty:
    """Normalised party data. Identity numbers are in clear here and only here (never stored)."""

    kind: str
    name: str
    uscc: str | None = None
    business_reg_no: str = ""
    org_code: str = ""
    tax_reg_no: str = ""
    institution_cert_no: str = ""
    social_org_reg_no: str = ""
    id_type: str = ""
    id_number: str = ""
    birth_date: dt.date | None = None
    sex: str = ""
    legal_rep_name: str = ""
    legal_rep_id_type: str = ""
    legal_rep_id_number: str = ""
    address: str = ""
    phone: str = ""
    region_code: str = ""
    registration_authority: str = ""
    industry_code: str = ""
    enterprise_status: str = ""
    source: str = SourceType.ENFORCEMENT
    extra: dict[str, Any] = field(default_factory=dict)


class _Errors:
    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}
        self.codes: list[str] = []

    def add(self, name: str, message: str, code: str = "invalid") -> None:
        self.fields.setdefault(name, []).append(message)
        self.codes.append(code)

    def raise_if_any(self) -> None:
        if not self.fields:
            return
        first_field = next(iter(self.fields))
        specific = [c for c in self.codes if c != "invalid"]
        raise ValidationError(
            self.fields[first_field][0] if len(self.fields) == 1 else "登记信息有误，请按提示修改",
            code=specific[0] if specific else "invalid",
            fields=self.fields,
        )


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value).strip()


def _compact(value: str) -> str:
    return re.sub(r"[\s\-]", "", value).upper()


def require_org_code() -> bool:
    """RECORDS.md §1 row 4: for non-自然人 one of codes 3–8 is required [unconfirmed] → configurable."""
    return bool(getattr(settings, "ZHIFA_PARTY_REQUIRE_ORG_CODE", True))


def validate_id_document(id_type: str, number: str, *, field_name: str, errors: _Errors) -> str:
    """Normalise and check one identity document number; GB 11643 types get the full check."""
    value = _compact(number)
    if id_type in GB11643_ID_TYPES:
        try:
            return validate_resident_id(value)
        except ValidationError as exc:
            errors.add(field_name, exc.message, "invalid_resident_id")
            return ""
    if not _DOC_NUMBER.match(value):
        errors.add(field_name, "证件号码格式有误（5–30位字母或数字）", "invalid_id_number")
        return ""
    return value


def validate_org_code(value: str) -> str:
    """组织机构代码 (GB 11714-1997): 8 characters + check character, dash optional."""
    code = _compact(value)
    if not re.match(r"^[0-9A-Z]{8}[0-9X]$", code) or org_code_check_char(code[:8]) != code[8]:
        raise ValidationError("组织机构代码校验位错误（GB 11714）", code="invalid_org_code")
    return code


def clean_party(data: Mapping[str, Any], *, partial_identity: bool = False) -> CleanParty:
    """Validate `data` (form/API/import input) into a CleanParty or raise ValidationError(fields=…).

    `partial_identity=True` (updates) lets an identity number stay blank: the stored one is kept.
    """
    errors = _Errors()
    kind = _text(data, "kind")
    if kind not in KINDS:
        errors.add("kind", "请选择行政相对人类别")
    name = _text(data, "name")
    if not name:
        errors.add("name", "请填写名称或姓名")
    out = CleanParty(kind=kind, name=name)
    for fname, limit in TEXT_LIMITS.items():
        value = _text(data, fname)
        if len(value) > limit:
            errors.add(fname, f"不能超过{limit}个字符")
        if fname != "name":
            setattr(out, fname, value[:limit])

    natural = kind == PartyKind.NATURAL_PERSON

    # CF_XDR_SHXYM (row 3): passes the USCC check; natural persons have none.
    uscc = _compact(_text(data, "uscc"))
    if uscc:
        if natural:
            errors.add("uscc", "自然人不填写统一社会信用代码", "invalid_uscc")
        else:
            try:
                out.uscc = validate_uscc(uscc)
            except ValidationError as exc:
                errors.add("uscc", exc.message, "invalid_uscc")
            else:
                if kind == PartyKind.INDIVIDUAL_BUSINESS and out.uscc[:2] != "92":
                    errors.add("uscc", "个体工商户的统一社会信用代码应以92开头", "invalid_uscc")
    org_code = _text(data, "org_code")
    if org_code:
        try:
            out.org_code = validate_org_code(org_code)
        except ValidationError as exc:
            errors.add("org_code", exc.message, exc.code)
    for fname in ("business_reg_no", "tax_reg_no", "institution_cert_no", "social_org_reg_no"):
        setattr(out, fname, _compact(getattr(out, fname)))

    no_code = not out.uscc and not uscc and not any(getattr(out, f) for f in OTHER_CODE_FIELDS)
    if not natural and kind and require_org_code() and no_code:
        errors.add("uscc", "非自然人须填写统一社会信用代码或其他一种登记代码", "invalid_uscc")

    # CF_XDR_ZJLX / CF_XDR_ZJHM (rows 12–13): required for 自然人.
    id_type = _text(data, "id_type")
    id_number = _text(data, "id_number")
    if id_type and id_type not in ID_TYPES:
        errors.add("id_type", "证件类型无效")
    if natural and not id_type:
        errors.add("id_type", "自然人须选择证件类型")
    if id_number:
        if not id_type:
            if not natural:  # natural persons already got "须选择证件类型"
                errors.add("id_type", "请选择证件类型")
        else:
            out.id_number = validate_id_document(id_type, id_number, field_name="id_number", errors=errors)
    elif natural and not partial_identity:
        errors.add("id_number", "自然人须填写证件号码")
    out.id_type = id_type
    if out.id_number and id_type in GB11643_ID_TYPES:
        out.birth_date = dt.date(
            int(out.id_number[6:10]), int(out.id_number[10:12]), int(out.id_number[12:14])
        )
        out.sex = "male" if int(out.id_number[16]) % 2 else "female"

    # CF_FRDB (row 9): required when 类别 = 法人及非法人组织.
    if kind in (PartyKind.LEGAL_PERSON, PartyKind.OTHER_ORG) and not out.legal_rep_name:
        errors.add("legal_rep_name", "法人及非法人组织须填写法定代表人或负责人")
    rep_type = _text(data, "legal_rep_id_type")
    rep_number = _text(data, "legal_rep_id_number")
    if rep_type and rep_type not in ID_TYPES:
        errors.add("legal_rep_id_type", "证件类型无效")
    if rep_number:
        if not rep_type:
            errors.add("legal_rep_id_type", "请选择法定代表人证件类型")
        else:
            out.legal_rep_id_number = validate_id_document(
                rep_type, rep_number, field_name="legal_rep_id_number", errors=errors
            )
    out.legal_rep_id_type = rep_type

    phone = _text(data, "phone")
    if phone and not _PHONE.match(phone):
        errors.add("phone", "联系电话格式有误")
    out.phone = phone
    region_code = _text(data, "region_code")
    if region_code and not _REGION.match(region_code):
        errors.add("region_code", "区划代码应为2–12位数字")
    out.region_code = region_code
    industry = _text(data, "industry_code").upper()
    if industry and not _INDUSTRY.match(industry):
        errors.add("industry_code", "行业代码应为国民经济行业分类代码（如 F5211）")
    out.industry_code = industry
    status = _text(data, "enterprise_status")
    if status and status not in ENTERPRISE_STATUSES:
        errors.add("enterprise_status", "企业状态无效")
    out.enterprise_status = status
    source = _text(data, "source") or SourceType.ENFORCEMENT
    if source not in SOURCES:
        errors.add("source", "来源类型无效")
    out.source = source
    errors.raise_if_any()
    return out


def masked_id(id_type: str, number: str) -> str:
    kind = "resident_id" if id_type in GB11643_ID_TYPES else "other"
    return mask_id_number(number, kind)
