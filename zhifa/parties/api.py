"""/api/parties/: search, detail, lookup by code, register, reveal identity (audited).

Reads go through the scoped selectors: outside the caller's scope answers 404 exactly like a
missing row; no permission answers 403. Output is masked (zhifa.parties.presenters); the full
identity number only comes from POST /{id}/reveal, which appends an audit event per call.
Stable error codes: invalid_uscc, invalid_resident_id, invalid_id_number, invalid_org_code,
invalid (other fields), duplicate_party (409, extra.party_id), not_found, permission_denied.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from zhifa.core.audit import Actor
from zhifa.core.errors import NotFound, PermissionDenied
from zhifa.orgs.scopes import require_perm

from .choices import EnterpriseStatus, IdType, PartyKind, SourceType
from .permissions import PartyPerm
from .presenters import present_party
from .selectors import (
    identity_visible_ids,
    party_detail_for_user,
    party_find_by_code,
    party_list_for_user,
    party_result_cap,
)
from .services import party_register, party_reveal_identity

router = Router(tags=["执法对象"])

MAX_PAGE_SIZE = 100
COUNT_CAP = 10_000


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None
    extra: dict[str, Any] | None = None


ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class PartyOutSchema(Schema):
    id: int
    kind: str
    kind_label: str
    cf_xdr_lb: str = Field(description="CF_XDR_LB 行政相对人类别")
    name: str = Field(description="自然人姓名默认脱敏")
    uscc: str
    business_reg_no: str
    org_code: str
    tax_reg_no: str
    institution_cert_no: str
    social_org_reg_no: str
    id_type: str
    id_type_label: str
    id_number: str = Field(description="脱敏证件号码；完整号码仅能通过 reveal 接口获取（留痕）")
    legal_rep_name: str
    legal_rep_id_type: str
    legal_rep_id_number: str
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


class PartyPageOut(Schema):
    items: list[PartyOutSchema]
    page: int
    page_size: int
    has_next: bool
    count: int = Field(description=f"命中条数，超过 {COUNT_CAP} 时为 {COUNT_CAP}")
    count_capped: bool


class PartyFilterIn(Schema):
    q: str | None = Field(None, description="名称关键字（包含匹配）；形如代码时按代码精确查找")
    code: str | None = Field(None, description="统一社会信用代码、证件号码或其他登记代码（精确）")
    kind: PartyKind | None = None
    region: str | None = Field(None, description="区划代码前缀，如 440303")
    enterprise_status: EnterpriseStatus | None = None
    source: SourceType | None = None
    industry: str | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class PartyIn(Schema):
    kind: PartyKind
    name: str
    uscc: str = ""
    business_reg_no: str = ""
    org_code: str = ""
    tax_reg_no: str = ""
    institution_cert_no: str = ""
    social_org_reg_no: str = ""
    id_type: IdType | Literal[""] = ""
    id_number: str = ""
    legal_rep_name: str = ""
    legal_rep_id_type: IdType | Literal[""] = ""
    legal_rep_id_number: str = ""
    address: str = ""
    phone: str = ""
    region_code: str = ""
    registration_authority: str = ""
    industry_code: str = ""
    enterprise_status: EnterpriseStatus | Literal[""] = ""
    source: SourceType = SourceType.ENFORCEMENT


class RevealIn(Schema):
    field: Literal["id_number", "legal_rep_id_number"] = "id_number"


class RevealOut(Schema):
    id: int
    field: str
    value: str


def _actor(request: HttpRequest) -> Actor:
    return Actor.of(request.user, ip=str(request.META.get("REMOTE_ADDR", "")))


def _out(request: HttpRequest, parties: list[Any]) -> list[dict[str, Any]]:
    visible = identity_visible_ids(request.user, parties)
    return [present_party(p, unmasked=p.pk in visible).as_dict() for p in parties]


@router.get("/", response={200: PartyPageOut, **ERRORS}, summary="执法对象查询")
def list_parties(request: HttpRequest, filters: Query[PartyFilterIn]) -> dict[str, Any]:
    require_perm(request.user, PartyPerm.VIEW)
    qs = party_list_for_user(
        request.user,
        q=filters.q,
        code=filters.code,
        kind=filters.kind,
        region=filters.region,
        enterprise_status=filters.enterprise_status,
        source=filters.source,
        industry=filters.industry,
    )
    cap = party_result_cap(filters.q)  # a name search lists and counts its newest `cap` matches only
    start = (filters.page - 1) * filters.page_size
    stop = start + filters.page_size + 1
    stop = stop if cap is None else min(stop, cap)
    rows = list(qs[start:stop]) if start < stop else []
    count = qs[: min(cap or COUNT_CAP, COUNT_CAP)].count()
    return {
        "items": _out(request, rows[: filters.page_size]),
        "page": filters.page,
        "page_size": filters.page_size,
        "has_next": len(rows) > filters.page_size,
        "count": count,
        "count_capped": count >= COUNT_CAP,
    }


@router.get("/lookup", response={200: PartyOutSchema, **ERRORS}, summary="按代码精确查找")
def lookup_party(request: HttpRequest, code: str) -> dict[str, Any]:
    """统一社会信用代码、证件号码（盲索引）或其他登记代码的精确查找，仅限数据权限范围内。"""
    require_perm(request.user, PartyPerm.VIEW)
    party = party_find_by_code(request.user, code)
    if party is None:
        raise NotFound()
    return _out(request, [party])[0]


@router.get("/{party_id}", response={200: PartyOutSchema, **ERRORS}, summary="执法对象详情")
def get_party(request: HttpRequest, party_id: int) -> dict[str, Any]:
    party = party_detail_for_user(request.user, party_id)
    return _out(request, [party])[0]


@router.post(
    "/",
    response={201: PartyOutSchema, 409: ErrorOut, 422: ErrorOut, **ERRORS},
    summary="登记执法对象",
)
def register_party(request: HttpRequest, payload: PartyIn) -> tuple[int, dict[str, Any]]:
    require_perm(request.user, PartyPerm.MANAGE)
    if getattr(request.user, "organisation_id", None) is None:
        raise PermissionDenied("您未分配所属单位，不能登记执法对象")
    party = party_register(actor=_actor(request), data=payload.dict())
    return 201, _out(request, [party])[0]


@router.post("/{party_id}/reveal", response={200: RevealOut, **ERRORS}, summary="查看完整证件号码（留痕）")
def reveal_identity(request: HttpRequest, party_id: int, payload: RevealIn) -> dict[str, Any]:
    """需要 parties.party.view_identity 权限且对象在数据权限范围内；每次调用写入一条审计事件。"""
    party = party_detail_for_user(request.user, party_id)
    value = party_reveal_identity(actor=_actor(request), user=request.user, party=party, field=payload.field)
    return {"id": party.pk, "field": payload.field, "value": value}
