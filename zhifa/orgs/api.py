"""/api/orgs/: organisations, officers, certificate check, regions, the current user, tokens.

Every read goes through the scoped selectors: a row outside the caller's data scope answers 404
exactly like a missing one; a caller without the permission gets 403. Authentication: the browser
session (CSRF on unsafe methods, as ninja's django_auth does) or `Authorization: Bearer <token>`.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status
from ninja.security import django_auth

from zhifa.core.audit import Actor

from .models import Officer, Organisation, Role
from .permissions import OrgPerm
from .rules import certificate_state
from .schemas import (
    CertificateCheckOut,
    ErrorOut,
    MeOut,
    OfficerFilterIn,
    OfficerOut,
    OrganisationFilterIn,
    OrganisationOut,
    RegionOut,
    TokenIn,
    TokenOut,
)
from .scopes import grants_for, require_perm
from .selectors.officers import (
    OfficerFilters,
    officer_certificate_verify,
    officer_get_for_user,
    officer_list_for_user,
)
from .selectors.organisations import (
    OrganisationFilters,
    organisation_get_for_user,
    organisation_list_for_user,
)
from .selectors.regions import region_children
from .services.tokens import api_token_create

router = Router(tags=["组织与人员"])

ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _ref(org: Organisation | None) -> dict[str, Any] | None:
    return None if org is None else {"id": org.pk, "name": org.name}


def organisation_out(org: Organisation) -> dict[str, Any]:
    return {
        "id": org.pk,
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "kind_label": org.get_kind_display(),
        "level": org.level,
        "level_label": org.get_level_display(),
        "uscc": org.uscc,
        "region_code": org.region_code,
        "region_name": org.region.name,
        "parent": _ref(org.parent),
        "supervised_by": _ref(org.supervised_by),
        "entrusted_by": _ref(org.entrusted_by),
        "domains": [d.code for d in org.domains.all()],
        "address": org.address,
        "phone": org.phone,
        "is_active": org.is_active,
    }


def officer_out(officer: Officer, today: Any = None) -> dict[str, Any]:
    from django.utils import timezone

    return {
        "id": officer.pk,
        "name": officer.name,
        "certificate_no": officer.certificate_no,
        "certificate_valid_from": officer.certificate_valid_from,
        "certificate_valid_to": officer.certificate_valid_to,
        "certificate_status": officer.certificate_status,
        "certificate_state": certificate_state(
            status=officer.certificate_status,
            valid_from=officer.certificate_valid_from,
            valid_to=officer.certificate_valid_to,
            today=today or timezone.localdate(),
        ),
        "organisation": _ref(officer.organisation),
        "region_code": officer.region_code,
        "domains": [d.code for d in officer.domains.all()],
        "has_legal_qualification": officer.has_legal_qualification,
        "is_active": officer.is_active,
    }


class _Paged(LimitOffsetPagination):
    pass


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **ERRORS},
    summary="执法主体/机关列表（按数据权限）",
)
@paginate(_Paged)
def organisations(request: HttpRequest, filters: Query[OrganisationFilterIn]) -> Any:
    require_perm(request.user, OrgPerm.ORGANISATION_VIEW)
    qs = organisation_list_for_user(request.user, OrganisationFilters(**filters.dict()))
    return _LazyOut(qs, organisation_out)


@router.get(
    "/organisations/{int:organisation_id}",
    response={200: OrganisationOut, **ERRORS},
    summary="执法主体/机关详情",
)
def organisation_detail(request: HttpRequest, organisation_id: int) -> Any:
    return organisation_out(organisation_get_for_user(request.user, organisation_id))


@router.get("/officers", response={200: list[OfficerOut], **ERRORS}, summary="执法人员列表（按数据权限）")
@paginate(_Paged)
def officers(request: HttpRequest, filters: Query[OfficerFilterIn]) -> Any:
    require_perm(request.user, OrgPerm.OFFICER_VIEW)
    qs = officer_list_for_user(request.user, OfficerFilters(**filters.dict()), with_domains=True)
    return _LazyOut(qs, officer_out)


@router.get(
    "/officers/verify",
    response={200: CertificateCheckOut, **ERRORS},
    summary="执法证核验：今日是否有效（仅限数据权限范围内）",
)
def officer_verify(request: HttpRequest, certificate_no: str) -> Any:
    check = officer_certificate_verify(request.user, certificate_no)
    officer = check.officer
    return {
        "certificate_no": officer.certificate_no,
        "valid": check.valid,
        "state": check.state,
        "checked_on": check.checked_on,
        "officer_name": officer.name,
        "organisation": _ref(officer.organisation),
        "certificate_valid_from": officer.certificate_valid_from,
        "certificate_valid_to": officer.certificate_valid_to,
        "certificate_status": officer.certificate_status,
    }


@router.get("/officers/{int:officer_id}", response={200: OfficerOut, **ERRORS}, summary="执法人员详情")
def officer_detail(request: HttpRequest, officer_id: int) -> Any:
    return officer_out(officer_get_for_user(request.user, officer_id))


@router.get("/regions", response={200: list[RegionOut], **ERRORS}, summary="行政区划：省级或某区划的下级")
def regions(request: HttpRequest, parent: str = "") -> Any:
    return [
        {"code": r.code, "name": r.name, "level": r.level, "child_count": r.child_count}
        for r in region_children(request.user, parent or None)
    ]


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="当前用户：单位、角色、权限、数据范围")
def me(request: HttpRequest) -> Any:
    user: Any = request.user
    grants = grants_for(user)
    org = user.organisation
    roles = Role.objects.filter(user_roles__user=user).order_by("sort_order", "code")
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "is_superuser": user.is_superuser,
        "organisation": None
        if org is None
        else {"id": org.pk, "name": org.name, "region_code": org.region_code},
        "roles": [{"code": r.code, "name": r.name, "data_scope": r.data_scope} for r in roles],
        "permissions": sorted(grants.permissions),
        "data_scopes": {perm: sorted(scopes) for perm, scopes in sorted(grants.scopes.items())},
    }


@router.post(
    "/tokens",
    auth=django_auth,
    response={201: TokenOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="签发个人访问令牌（仅返回一次；须以浏览器会话登录并带 CSRF）",
)
def token_issue(request: HttpRequest, payload: TokenIn) -> Any:
    from zhifa.core.errors import ValidationError

    name = payload.name.strip()
    if not name:
        raise ValidationError("请填写令牌名称", fields={"name": ["请填写令牌名称"]})
    token, raw = api_token_create(
        actor=Actor.of(request.user, ip=str(request.META.get("REMOTE_ADDR", ""))),
        user=request.user,  # type: ignore[arg-type]
        name=name,
    )
    return Status(201, {"id": token.pk, "name": token.name, "token": raw})


class _LazyOut:
    """Sliceable wrapper: the paginator slices the queryset, then rows are converted (no N+1)."""

    def __init__(self, qs: Any, convert: Any) -> None:
        self.qs, self.convert = qs, convert

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: Any) -> Any:
        rows = self.qs[item]
        return [self.convert(r) for r in rows] if isinstance(item, slice) else self.convert(rows)
