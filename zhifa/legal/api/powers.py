"""权责清单 API, mounted at /api/legal/powers/.

GET  /api/legal/powers/                         powers (filters code/name/kind/domain/status; paging)
GET  /api/legal/powers/{id}                     a power with its basis and version history
GET  /api/legal/powers/versions/{id}            one version (the snapshot a case cites)
GET  /api/legal/powers/batches                  change batches
POST /api/legal/powers/batches                  create a batch {title, reason, organisation_id?}
GET  /api/legal/powers/batches/{id}             a batch with its drafts and the actions allowed
POST /api/legal/powers/batches/{id}/changes     add a change {action, power_id?, data}
POST /api/legal/powers/batches/{id}/submit | approve {note} | reject {reason}

Reads require `legal.power.view` (403) and the data scope (404 outside it); writes check the
services' rules (403 / 409 / 422 with a Chinese message).
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from zhifa.core.audit import Actor
from zhifa.core.errors import NotFound, PermissionDenied
from zhifa.orgs.models import Organisation
from zhifa.orgs.schemas import ErrorOut
from zhifa.orgs.scopes import has_perm, require_perm

from ..models import Power, PowerChangeBatch, PowerVersion
from ..permissions import LegalPerm
from ..selectors.powers import (
    PowerFilters,
    basis_rows,
    power_batch_available_actions,
    power_batch_get_for_user,
    power_batch_list_for_user,
    power_get_for_user,
    power_list_for_user,
    power_version_get_for_user,
    power_versions,
)
from ..services import powers as svc

router = Router(tags=["权责清单"])
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class PowerOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    domain: str | None
    subject_level: str
    organisation_id: int
    organisation_name: str
    region_code: str
    may_involve_crime: bool
    status: str
    version: int | None

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return obj["kind_label"] if isinstance(obj, dict) else obj.get_kind_display()

    @staticmethod
    def resolve_domain(obj: Any) -> str | None:
        if isinstance(obj, dict):
            return obj["domain"]
        return obj.domain.name if obj.domain_id else None

    @staticmethod
    def resolve_organisation_name(obj: Any) -> str:
        return obj["organisation_name"] if isinstance(obj, dict) else obj.organisation.name

    @staticmethod
    def resolve_version(obj: Any) -> int | None:
        if isinstance(obj, dict):
            return obj["version"]
        return obj.current_version.number if obj.current_version_id else None


class BasisOut(Schema):
    category: str
    category_label: str
    law_title: str
    provision: str
    label: str
    article_id: int | None
    paragraph_id: int | None
    item_id: int | None
    url: str | None
    text: str


class VersionOut(Schema):
    id: int
    number: int
    action: str
    created_at: dt.datetime
    created_by: str | None
    batch_id: int | None
    reason: str
    data: dict[str, Any]


class PowerDetailOut(PowerOut):
    description: str
    bases: list[BasisOut]
    versions: list[VersionOut]


class PowerFilterIn(Schema):
    code: str = ""
    name: str = ""
    kind: str = ""
    domain: int | None = None
    status: str = ""


class DraftOut(Schema):
    id: int
    action: str
    code: str
    power_id: int | None
    data: dict[str, Any]


class BatchOut(Schema):
    id: int
    title: str
    reason: str
    organisation_id: int
    state: str
    state_label: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    decision_note: str

    @staticmethod
    def resolve_state_label(obj: Any) -> str:
        return obj["state_label"] if isinstance(obj, dict) else obj.get_state_display()


class BatchDetailOut(BatchOut):
    drafts: list[DraftOut]
    actions: list[str]


class BatchIn(Schema):
    title: str
    reason: str
    organisation_id: int | None = None


class ChangeIn(Schema):
    action: str
    power_id: int | None = None
    data: dict[str, Any] | None = None


class NoteIn(Schema):
    note: str = ""


class ReasonIn(Schema):
    reason: str = ""


def power_out(p: Power) -> dict[str, Any]:
    return {
        "id": p.pk,
        "code": p.code,
        "name": p.name,
        "kind": p.kind,
        "kind_label": p.get_kind_display(),
        "domain": p.domain.name if p.domain_id else None,  # type: ignore[union-attr]
        "subject_level": p.subject_level,
        "organisation_id": p.organisation_id,
        "organisation_name": p.organisation.name,
        "region_code": p.region_code,
        "may_involve_crime": p.may_involve_crime,
        "status": p.status,
        "version": p.current_version.number if p.current_version_id else None,  # type: ignore[union-attr]
    }


def version_out(v: PowerVersion) -> dict[str, Any]:
    return {
        "id": v.pk,
        "number": v.number,
        "action": v.action,
        "created_at": v.created_at,
        "created_by": str(v.created_by) if v.created_by_id else None,
        "batch_id": v.batch_id,
        "reason": v.reason,
        "data": v.data,
    }


def batch_out(b: PowerChangeBatch) -> dict[str, Any]:
    return {
        "id": b.pk,
        "title": b.title,
        "reason": b.reason,
        "organisation_id": b.organisation_id,
        "state": b.state,
        "state_label": b.get_state_display(),
        "created_at": b.created_at,
        "submitted_at": b.submitted_at,
        "decided_at": b.decided_at,
        "decision_note": b.decision_note,
    }


def batch_detail_out(request: HttpRequest, b: PowerChangeBatch) -> dict[str, Any]:
    return {
        **batch_out(b),
        "drafts": [
            {"id": d.pk, "action": d.action, "code": d.code, "power_id": d.power_id, "data": d.data}
            for d in b.drafts.all()
        ],
        "actions": sorted(power_batch_available_actions(request.user, b)),
    }


def _actor(request: HttpRequest) -> Actor:
    return Actor.of(request.user, ip=str(request.META.get("REMOTE_ADDR", "")))


def require_batch_access(user: Any) -> None:
    """Change batches are internal work of editors and approvers (403 for readers of the list)."""
    if not (has_perm(user, LegalPerm.POWER_EDIT) or has_perm(user, LegalPerm.POWER_APPROVE)):
        raise PermissionDenied()


@router.get("/", response={200: list[PowerOut], **ERRORS}, summary="职权查询")
@paginate(LimitOffsetPagination)
def list_powers(request: HttpRequest, filters: Query[PowerFilterIn]) -> Any:
    require_perm(request.user, LegalPerm.POWER_VIEW)
    f = PowerFilters(
        code=filters.code, name=filters.name, kind=filters.kind, domain=filters.domain, status=filters.status
    )
    return power_list_for_user(request.user, f)


@router.get("/batches", response={200: list[BatchOut], **ERRORS}, summary="调整批次列表")
@paginate(LimitOffsetPagination)
def list_batches(request: HttpRequest, state: str = "") -> Any:
    require_batch_access(request.user)
    return power_batch_list_for_user(request.user, state=state)


@router.post("/batches", response={201: BatchDetailOut, **ERRORS}, summary="新建调整批次")
def create_batch(request: HttpRequest, payload: BatchIn) -> Any:
    require_perm(request.user, LegalPerm.POWER_EDIT)
    org = None
    if payload.organisation_id is not None:
        org = Organisation.objects.filter(pk=payload.organisation_id).first()
        if org is None:
            raise NotFound()
    batch = svc.power_batch_create(
        actor=_actor(request), title=payload.title, reason=payload.reason, organisation=org
    )
    return Status(201, batch_detail_out(request, batch))


@router.get("/batches/{batch_id}", response={200: BatchDetailOut, **ERRORS}, summary="调整批次详情")
def get_batch(request: HttpRequest, batch_id: int) -> Any:
    require_batch_access(request.user)
    return batch_detail_out(request, power_batch_get_for_user(request.user, batch_id))


@router.post("/batches/{batch_id}/changes", response={201: BatchDetailOut, **ERRORS}, summary="添加调整内容")
def add_change(request: HttpRequest, batch_id: int, payload: ChangeIn) -> Any:
    require_batch_access(request.user)
    batch = power_batch_get_for_user(request.user, batch_id)
    power = power_get_for_user(request.user, payload.power_id) if payload.power_id else None
    svc.power_batch_add_change(
        actor=_actor(request), batch=batch, action=payload.action, power=power, data=payload.data
    )
    return Status(201, batch_detail_out(request, power_batch_get_for_user(request.user, batch_id)))


@router.post("/batches/{batch_id}/submit", response={200: BatchDetailOut, **ERRORS}, summary="提交审核")
def submit_batch(request: HttpRequest, batch_id: int) -> Any:
    require_batch_access(request.user)
    batch = svc.power_batch_submit(
        actor=_actor(request), batch=power_batch_get_for_user(request.user, batch_id)
    )
    return batch_detail_out(request, batch)


@router.post(
    "/batches/{batch_id}/approve", response={200: BatchDetailOut, **ERRORS}, summary="审核通过并生效"
)
def approve_batch(request: HttpRequest, batch_id: int, payload: NoteIn) -> Any:
    require_batch_access(request.user)
    batch = power_batch_get_for_user(request.user, batch_id)
    batch = svc.power_batch_approve(actor=_actor(request), batch=batch, note=payload.note)
    return batch_detail_out(request, batch)


@router.post("/batches/{batch_id}/reject", response={200: BatchDetailOut, **ERRORS}, summary="退回")
def reject_batch(request: HttpRequest, batch_id: int, payload: ReasonIn) -> Any:
    require_batch_access(request.user)
    batch = power_batch_get_for_user(request.user, batch_id)
    batch = svc.power_batch_reject(actor=_actor(request), batch=batch, reason=payload.reason)
    return batch_detail_out(request, batch)


@router.get("/versions/{version_id}", response={200: VersionOut, **ERRORS}, summary="职权版本")
def get_version(request: HttpRequest, version_id: int) -> Any:
    require_perm(request.user, LegalPerm.POWER_VIEW)
    return version_out(power_version_get_for_user(request.user, version_id))


@router.get("/{power_id}", response={200: PowerDetailOut, **ERRORS}, summary="职权详情")
def get_power(request: HttpRequest, power_id: int) -> Any:
    require_perm(request.user, LegalPerm.POWER_VIEW)
    p = power_get_for_user(request.user, power_id)
    return {
        **power_out(p),
        "description": p.description,
        "bases": [
            {
                "category": row["basis"].category,
                "category_label": row["basis"].get_category_display(),
                "law_title": row["basis"].law_title,
                "provision": row["basis"].provision,
                "label": row["label"],
                "article_id": row["basis"].article_id,
                "paragraph_id": row["basis"].paragraph_id,
                "item_id": row["basis"].item_id,
                "url": row["url"],
                "text": row["text"],
            }
            for row in basis_rows(p.current_version)
        ],
        "versions": [version_out(v) for v in power_versions(p)],
    }
