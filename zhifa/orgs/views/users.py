from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from zhifa.core.errors import ApplicationError

from ..forms import UserCreateForm, UserFilterForm, UserRolesForm, tri_state
from ..permissions import OrgPerm
from ..rules import ELEVATED_PERMISSIONS
from ..selectors.users import (
    UserFilters,
    grantable_roles_for,
    manageable_organisations,
    role_list,
    user_get_for_user,
    user_list_for_user,
)
from ..services.users import user_create, user_deactivate, user_set_roles
from .common import actor_of, guarded, paginate, query_without_page


@guarded(OrgPerm.USER_MANAGE)
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None)
    filters = UserFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = UserFilters(name=d["name"], role=d["role"], is_active=tri_state(d["is_active"]))
    page = paginate(request, user_list_for_user(request.user, filters))
    return render(
        request, "orgs/user_list.html", {"form": form, "page": page, "query": query_without_page(request)}
    )


@guarded(OrgPerm.USER_MANAGE)
@require_http_methods(["GET", "POST"])
def user_create_view(request: HttpRequest) -> HttpResponse:
    grantable = grantable_roles_for(request.user)
    form = UserCreateForm(
        request.POST or None, organisations=manageable_organisations(request.user), roles=grantable
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = user_create(
                actor=actor_of(request),
                username=d["username"],
                password=d["password"],
                display_name=d["display_name"],
                organisation=d["organisation"],
                roles=list(d["roles"]),
                phone=d["phone"],
                grantor=request.user,
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"已创建用户 {user.username}")
            return redirect("orgs:user_detail", pk=user.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "orgs/user_form.html", {"form": form}, status=status)


@guarded(OrgPerm.USER_MANAGE)
@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = user_get_for_user(request.user, pk)
    grantable = grantable_roles_for(request.user)
    grantable_ids = {r.pk for r in grantable}
    current = [ur.role for ur in target.user_roles.all()]
    fixed = [r for r in current if r.pk not in grantable_ids]  # roles this manager may not touch
    form = UserRolesForm(
        request.POST or None,
        roles=grantable,
        initial={"roles": [r.pk for r in current if r.pk in grantable_ids]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user_set_roles(
                actor=actor_of(request),
                user=target,
                roles=[*form.cleaned_data["roles"], *fixed],
                grantor=request.user,
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "角色已更新")
            return redirect("orgs:user_detail", pk=target.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "orgs/user_detail.html",
        {"target": target, "form": form, "fixed": fixed, "current": current},
        status=status,
    )


@guarded(OrgPerm.USER_MANAGE)
@require_POST
def user_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = user_get_for_user(request.user, pk)
    try:
        user_deactivate(
            actor=actor_of(request), user=target, grantor=request.user, reason=request.POST.get("reason", "")
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已停用用户 {target.username}")
    return redirect("orgs:user_detail", pk=target.pk)


@guarded(OrgPerm.USER_MANAGE)
def role_list_view(request: HttpRequest) -> HttpResponse:
    from zhifa.orgs.services.roles import known_permissions

    labels = known_permissions()
    grantable_ids = {r.pk for r in grantable_roles_for(request.user)}
    roles: list[dict[str, Any]] = [
        {
            "role": role,
            "permissions": [(p, labels.get(p, p), p in ELEVATED_PERMISSIONS) for p in role.permissions],
            "grantable": role.pk in grantable_ids,
        }
        for role in role_list()
    ]
    return render(request, "orgs/role_list.html", {"roles": roles})
