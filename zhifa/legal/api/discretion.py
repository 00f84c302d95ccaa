"""自由裁量基准 API, mounted at /api/legal/discretion/.

GET   /api/legal/discretion/                     standards (organisation/power/status/keyword/claimable)
POST  /api/legal/discretion/                     create a draft {violation, tiers: [...], ...}
GET   /api/legal/discretion/notices              裁量基准变更提醒 of the user's unit (?unread=true)
POST  /api/legal/discretion/notices/read         mark notices read {ids: [...]}
GET   /api/legal/discretion/{id}                 a standard with tiers, factors and allowed actions
PATCH /api/legal/discretion/{id}                 edit a draft / start the next version of a published one
POST  /api/legal/discretion/{id}/submit | approve {note} | reject {reason} | publish | withdraw {reason}
POST  /api/legal/discretion/{id}/claim | unclaim
POST  /api/legal/discretion/{id}/compute         {tier_order?, circumstances[], base_amount?, factor_ids[]}

Reads require `legal.discretion.view` (403) and visibility (404 outside it); writes follow the
services' rules (403 / 409 / 422 with a Chinese message).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from zhifa.core.audit import Actor
from zhifa.core.errors import NotFound, ValidationError
from zhifa.orgs.schemas import ErrorOut
from zhifa.orgs.scopes import require_perm

from ..models import DiscretionStandard
from ..permissions import LegalPerm
from ..rules.discretion import discretion_compute
from ..selectors.discretion import (
    DiscretionFilters,
    active_claim,
    discretion_available_actions,
    discretion_get_for_user,
    discretion_list_for_user,
    notice_list_for_user,
)
from ..selectors.powers import power_get_for_user
from ..services import discretion as svc

router = Router(tags=["自由裁量基准"])
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class StandardOut(Schema):
    id: int
    item_no: str
    violation: str
    category: str
    organisation_id: int
    organisation_name: str
    region_code: str
    power_id: int | None
    status: str
    status_label: str
    version: int
    series: str
    published_at: dt.datetime | None

    @staticmethod
    def resolve_organisation_name(obj: Any) -> str:
        return obj["organisation_name"] if isinstance(obj, dict) else obj.organisation.name

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return obj["status_label"] if isinstance(obj, dict) else obj.get_status_display()

    @staticmethod
    def resolve_series(obj: Any) -> str:
        return str(obj["series"] if isinstance(obj, dict) else obj.series)


class TierOut(Schema):
    id: int
    order: int
    label: str
    segment: str
    circumstances: list[str]
    standard_text: str
    penalty_kinds: list[str]
    orders: list[str]
    range_kind: str
    amount_min: Decimal | None
    amount_max: Decimal | None
    base_kind: str
    base_label: str
    factor_min: Decimal | None
    factor_max: Decimal | None
    factor_mode: str
    extra_fines: list[dict[str, Any]]
    parse_status: str
    parse_reason: str
    remarks: str


class FactorOut(Schema):
    id: int
    name: str
    percentage: Decimal
    tier_order: int | None


class StandardDetailOut(StandardOut):
    violated_provision: str
    penalty_provision: str
    penalty_article_ids: list[int]
    violated_article_ids: list[int]
    note: str
    supersedes_id: int | None
    rejected_reason: str
    withdrawn_reason: str
    tiers: list[TierOut]
    factors: list[FactorOut]
    actions: list[str]
    claimed_version: int | None


class FilterIn(Schema):
    organisation: int | None = None
    power: int | None = None
    status: str = ""
    keyword: str = ""
    claimable: bool = False


class TierIn(Schema):
    label: str = ""
    circumstances: list[str] = []
    standard_text: str = ""
    segment: str = ""
    remarks: str = ""
    range_kind: str | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    base_kind: str | None = None
    base_label: str | None = None
    factor_min: Decimal | None = None
    factor_max: Decimal | None = None
    penalty_kinds: list[str] | None = None
    factor_mode: str | None = None


class FactorIn(Schema):
    name: str
    percentage: Decimal = Decimal(0)
    tier_order: int | None = None


class StandardIn(Schema):
    violation: str
    item_no: str = ""
    category: str = ""
    power_id: int | None = None
    violated_provision: str = ""
    penalty_provision: str = ""
    note: str = ""
    tiers: list[TierIn]
    factors: list[FactorIn] = []
    penalty_article_ids: list[int] = []
    violated_article_ids: list[int] = []


class StandardPatchIn(Schema):
    violation: str | None = None
    item_no: str | None = None
    category: str | None = None
    power_id: int | None = None
    violated_provision: str | None = None
    penalty_provision: str | None = None
    note: str | None = None
    tiers: list[TierIn] | None = None
    factors: list[FactorIn] | None = None
    penalty_article_ids: list[int] | None = None
    violated_article_ids: list[int] | None = None


class NoteIn(Schema):
    note: str = ""


class ReasonIn(Schema):
    reason: str = ""


class ComputeIn(Schema):
    tier_order: int | None = None
    circumstances: list[str] = []
    base_amount: Decimal | None = None
    factor_ids: list[int] = []
    segment: str | None = None


class ComputeOut(Schema):
    outcome: str
    outcome_label: str
    tier_order: int | None
    tier_label: str
    penalty_kinds: list[str]
    penalty_kind_labels: list[str]
    lo: Decimal | None
    hi: Decimal | None
    recommended: Decimal | None
    tier_lo: Decimal | None
    tier_hi: Decimal | None
    reasons: list[str]
    reduction_possible: bool
    educate: bool


class NoticeOut(Schema):
    id: int
    organisation_id: int
    standard_id: int
    kind: str
    message: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class IdsIn(Schema):
    ids: list[int]


def _actor(request: HttpRequest) -> Actor:
    return Actor.of(request.user, ip=str(request.META.get("REMOTE_ADDR", "")))


def detail_out(request: HttpRequest, s: DiscretionStandard) -> dict[str, Any]:
    claim = active_claim(request.user, s)
    return {
        "id": s.pk,
        "item_no": s.item_no,
        "violation": s.violation,
        "category": s.category,
        "organisation_id": s.organisation_id,
        "organisation_name": s.organisation.name,
        "region_code": s.region_code,
        "power_id": s.power_id,
        "status": s.status,
        "status_label": s.get_status_display(),
        "version": s.version,
        "series": str(s.series),
        "published_at": s.published_at,
        "violated_provision": s.violated_provision,
        "penalty_provision": s.penalty_provision,
        "penalty_article_ids": [a.pk for a in s.penalty_articles.all()],
        "violated_article_ids": [a.pk for a in s.violated_articles.all()],
        "note": s.note,
        "supersedes_id": s.supersedes_id,
        "rejected_reason": s.rejected_reason,
        "withdrawn_reason": s.withdrawn_reason,
        "tiers": [
            {
                "id": t.pk,
                "order": t.order,
                "label": t.label,
                "segment": t.segment,
                "circumstances": t.circumstance_list,
                "standard_text": t.standard_text,
                "penalty_kinds": t.penalty_kinds,
                "orders": t.orders,
                "range_kind": t.range_kind,
                "amount_min": t.amount_min,
                "amount_max": t.amount_max,
                "base_kind": t.base_kind,
                "base_label": t.base_label,
                "factor_min": t.factor_min,
                "factor_max": t.factor_max,
                "factor_mode": t.factor_mode,
                "extra_fines": t.extra_fines,
                "parse_status": t.parse_status,
                "parse_reason": t.parse_reason,
                "remarks": t.remarks,
            }
            for t in s.tiers.order_by("order")
        ],
        "factors": [
            {
                "id": f.pk,
                "name": f.name,
                "percentage": f.percentage,
                "tier_order": f.tier.order if f.tier else None,
            }
            for f in s.factors.select_related("tier")
        ],
        "actions": sorted(discretion_available_actions(request.user, s)),
        "claimed_version": claim.claimed_version if claim else None,
    }


def _fields(request: HttpRequest, payload: Schema, *, partial: bool) -> dict[str, Any]:
    data = payload.dict(exclude_unset=partial)
    if "power_id" in data:
        power_id = data.pop("power_id")
        data["power"] = power_get_for_user(request.user, power_id) if power_id else None
    if "tiers" in data and data["tiers"] is not None:
        data["tiers"] = [{k: v for k, v in t.items() if v is not None} for t in data["tiers"]]
    return {k: v for k, v in data.items() if not (partial and v is None and k != "power")}


@router.get("/", response={200: list[StandardOut], **ERRORS}, summary="裁量基准查询")
@paginate(LimitOffsetPagination)
def list_standards(request: HttpRequest, filters: Query[FilterIn]) -> Any:
    require_perm(request.user, LegalPerm.DISCRETION_VIEW)
    f = DiscretionFilters(
        organisation=filters.organisation,
        power=filters.power,
        status=filters.status,
        keyword=filters.keyword,
        claimable_only=filters.claimable,
    )
    return discretion_list_for_user(request.user, f)


@router.post("/", response={201: StandardDetailOut, **ERRORS}, summary="新增裁量基准（草稿）")
def create_standard(request: HttpRequest, payload: StandardIn) -> Any:
    require_perm(request.user, LegalPerm.DISCRETION_EDIT)
    standard = svc.discretion_create(actor=_actor(request), **_fields(request, payload, partial=False))
    return Status(201, detail_out(request, standard))


@router.get("/notices", response={200: list[NoticeOut], **ERRORS}, summary="裁量基准变更提醒")
@paginate(LimitOffsetPagination)
def list_notices(request: HttpRequest, unread: bool = False) -> Any:
    require_perm(request.user, LegalPerm.DISCRETION_VIEW)
    return notice_list_for_user(request.user, unread_only=unread)


@router.post("/notices/read", response={200: dict[str, int], **ERRORS}, summary="标记提醒为已读")
def read_notices(request: HttpRequest, payload: IdsIn) -> Any:
    require_perm(request.user, LegalPerm.DISCRETION_VIEW)
    notices = list(notice_list_for_user(request.user, unread_only=True).filter(pk__in=payload.ids))
    return {"read": svc.discretion_notice_mark_read(actor=_actor(request), notices=notices)}


@router.get("/{standard_id}", response={200: StandardDetailOut, **ERRORS}, summary="裁量基准详情")
def get_standard(request: HttpRequest, standard_id: int) -> Any:
    require_perm(request.user, LegalPerm.DISCRETION_VIEW)
    return detail_out(request, discretion_get_for_user(request.user, standard_id))


@router.patch(
    "/{standard_id}", response={200: StandardDetailOut, **ERRORS}, summary="修改（已发布则生成新版本）"
)
def update_standard(request: HttpRequest, standard_id: int, payload: StandardPatchIn) -> Any:
    require_perm(request.user, LegalPerm.DISCRETION_EDIT)
    standard = discretion_get_for_user(request.user, standard_id)
    changes = _fields(request, payload, partial=True)
    if not changes:
        raise ValidationError("没有需要修改的内容")
    saved = svc.discretion_update(actor=_actor(request), standard=standard, changes=changes)
    return detail_out(request, saved)


def _standard(request: HttpRequest, standard_id: int) -> DiscretionStandard:
    require_perm(request.user, LegalPerm.DISCRETION_VIEW)
    return discretion_get_for_user(request.user, standard_id)


@router.post("/{standard_id}/submit", response={200: StandardDetailOut, **ERRORS}, summary="提交审核")
def submit(request: HttpRequest, standard_id: int) -> Any:
    s = svc.discretion_submit(actor=_actor(request), standard=_standard(request, standard_id))
    return detail_out(request, s)


@router.post("/{standard_id}/approve", response={200: StandardDetailOut, **ERRORS}, summary="审核通过")
def approve(request: HttpRequest, standard_id: int, payload: NoteIn) -> Any:
    s = svc.discretion_approve(
        actor=_actor(request), standard=_standard(request, standard_id), note=payload.note
    )
    return detail_out(request, s)


@router.post("/{standard_id}/reject", response={200: StandardDetailOut, **ERRORS}, summary="退回修改")
def reject(request: HttpRequest, standard_id: int, payload: ReasonIn) -> Any:
    s = svc.discretion_reject(
        actor=_actor(request), standard=_standard(request, standard_id), reason=payload.reason
    )
    return detail_out(request, s)


@router.post("/{standard_id}/publish", response={200: StandardDetailOut, **ERRORS}, summary="发布")
def publish(request: HttpRequest, standard_id: int) -> Any:
    s = svc.discretion_publish(actor=_actor(request), standard=_standard(request, standard_id))
    return detail_out(request, s)


@router.post("/{standard_id}/withdraw", response={200: StandardDetailOut, **ERRORS}, summary="撤回")
def withdraw(request: HttpRequest, standard_id: int, payload: ReasonIn) -> Any:
    s = svc.discretion_withdraw(
        actor=_actor(request), standard=_standard(request, standard_id), reason=payload.reason
    )
    return detail_out(request, s)


@router.post("/{standard_id}/claim", response={200: StandardDetailOut, **ERRORS}, summary="认领")
def claim(request: HttpRequest, standard_id: int) -> Any:
    s = _standard(request, standard_id)
    svc.discretion_claim(actor=_actor(request), standard=s)
    return detail_out(request, s)


@router.post("/{standard_id}/unclaim", response={200: StandardDetailOut, **ERRORS}, summary="取消认领")
def unclaim(request: HttpRequest, standard_id: int) -> Any:
    s = _standard(request, standard_id)
    current = active_claim(request.user, s)
    if current is None:
        raise NotFound("本单位未认领该裁量基准")
    svc.discretion_unclaim(actor=_actor(request), claim=current)
    return detail_out(request, s)


@router.post("/{standard_id}/compute", response={200: ComputeOut, **ERRORS}, summary="裁量计算")
def compute(request: HttpRequest, standard_id: int, payload: ComputeIn) -> Any:
    s = _standard(request, standard_id)
    result = discretion_compute(
        standard=s,
        tier=payload.tier_order,
        circumstances=set(payload.circumstances),
        base_amount=payload.base_amount,
        factors=payload.factor_ids,
        segment=payload.segment,
    )
    return result.as_dict()
