"""What a viewer sees of a party. Masking is the default (RULES.md §6.3, ARCHITECTURE §7):

* identity numbers: always the precomputed masked form (the full number only through the audited
  `party_reveal_identity`);
* a natural person's name, address and phone, and an individual business's phone: masked unless the
  viewer holds parties.party.view_identity for this party.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from zhifa.core.identifiers import mask_address, mask_name, mask_phone

from .choices import CF_XDR_LB, EnterpriseStatus, IdType, PartyKind, PartyStatus, SourceType
from .models import Party


@dataclass(frozen=True)
class PartyOut:
    id: int
    kind: str
    kind_label: str
    cf_xdr_lb: str
    name: str
    uscc: str
    business_reg_no: str
    org_code: str
    tax_reg_no: str
    institution_cert_no: str
    social_org_reg_no: str
    id_type: str
    id_type_label: str
    id_number: str  # masked
    legal_rep_name: str
    legal_rep_id_type: str
    legal_rep_id_number: str  # masked
    address: str
    phone: str
    region_code: str
    registration_authority: str
    industry_code: str
    enterprise_status: str
    enterprise_status_label: str
    source: str
    source_label: str
    status: str
    status_label: str
    merged_into_id: int | None
    is_minor: bool
    organisation_id: int
    organisation_name: str
    created_at: dt.datetime
    has_identity: bool
    masked: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label) if value else ""
    except ValueError:
        return value


def present_party(party: Party, *, unmasked: bool = False) -> PartyOut:
    """`unmasked` = the viewer holds parties.party.view_identity for this party (names, address
    and phone in clear; identity numbers stay masked)."""
    natural = party.kind == PartyKind.NATURAL_PERSON
    person_like = natural or party.kind == PartyKind.INDIVIDUAL_BUSINESS
    mask = not unmasked
    org = party.organisation
    return PartyOut(
        id=party.pk,
        kind=party.kind,
        kind_label=_label(PartyKind, party.kind),
        cf_xdr_lb=CF_XDR_LB.get(party.kind, ""),
        name=mask_name(party.name) if natural and mask else party.name,
        uscc=party.uscc or "",
        business_reg_no=party.business_reg_no,
        org_code=party.org_code,
        tax_reg_no=party.tax_reg_no,
        institution_cert_no=party.institution_cert_no,
        social_org_reg_no=party.social_org_reg_no,
        id_type=party.id_type,
        id_type_label=_label(IdType, party.id_type),
        id_number=party.id_number_masked,
        legal_rep_name=party.legal_rep_name,
        legal_rep_id_type=party.legal_rep_id_type,
        legal_rep_id_number=party.legal_rep_id_masked,
        address=mask_address(party.address) if natural and mask else party.address,
        phone=mask_phone(party.phone) if person_like and mask else party.phone,
        region_code=party.region_code,
        registration_authority=party.registration_authority,
        industry_code=party.industry_code,
        enterprise_status=party.enterprise_status,
        enterprise_status_label=_label(EnterpriseStatus, party.enterprise_status),
        source=party.source,
        source_label=_label(SourceType, party.source),
        status=party.status,
        status_label=_label(PartyStatus, party.status),
        merged_into_id=party.merged_into_id,
        is_minor=party.is_minor(),
        organisation_id=party.organisation_id,
        organisation_name=str(org) if org is not None else "",
        created_at=party.created_at,
        has_identity=bool(party.id_number_index),
        masked=mask,
    )


CSV_COLUMNS = (
    ("id", "编号"),
    ("cf_xdr_lb", "行政相对人类别"),
    ("name", "名称/姓名"),
    ("uscc", "统一社会信用代码"),
    ("business_reg_no", "工商注册号"),
    ("org_code", "组织机构代码"),
    ("id_type_label", "证件类型"),
    ("id_number", "证件号码"),
    ("legal_rep_name", "法定代表人/负责人"),
    ("legal_rep_id_number", "法定代表人证件号码"),
    ("address", "住所/地址"),
    ("phone", "联系电话"),
    ("region_code", "区划代码"),
    ("industry_code", "行业代码"),
    ("enterprise_status_label", "企业状态"),
    ("source_label", "来源类型"),
    ("organisation_name", "登记单位"),
)
