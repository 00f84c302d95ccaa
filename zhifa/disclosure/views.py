"""Officer pages of 执法公示: the list (kind, state, due/overdue, unit, keyword), the record with its
masked preview beside the source link, the correction form, the actions (publish, exempt, record a
revocation, withdraw, credit repair) and the 操作记录. Thin: selectors authorise, services write,
errors become messages (the form keeps what was typed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from zhifa.orgs.models import Organisation
from zhifa.orgs.scopes import unit_subtree_ids
from zhifa.orgs.views.common import actor_of, guarded, paginate, query_without_page
from zhifa.worklist.selectors import due_badge

from .models import Publication, PublicationKind, PublicationState
from .permissions import LIST_PERMS
from .planning import FIELD_LABELS
from .selectors import (
    can_manage,
    publication_changes,
    publication_get_for_user,
    publication_list_for_user,
    source_url,
)
from .services import (
    EDITABLE_FIELDS,
    publication_exempt,
    publication_mark_revoked,
    publication_publish,
    publication_repair,
    publication_update,
    publication_withdraw,
)

DUE_FILTERS = (("soon", "3日内应公示"), ("overdue", "已逾期"), ("withdraw", "应撤回"))
CHANGE_LABELS = {**FIELD_LABELS, "state": "状态", "revoked_on": "决定变更/撤销"}
ERRORS = (ValidationError, Conflict, PermissionDenied, NotFound)


def _units(user: Any) -> list[Organisation]:
    ids = unit_subtree_ids(user) if getattr(user, "organisation_id", None) else []
    return list(Organisation.objects.filter(pk__in=ids).order_by("name")[:200])


@guarded(*LIST_PERMS)
def publication_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    unit = g.get("unit", "")
    qs = publication_list_for_user(
        request.user,
        kind=g.get("kind", ""),
        state=g.get("state", ""),
        due=g.get("due", ""),
        organisation_id=int(unit) if unit.isdigit() else None,
        q=g.get("q", "").strip(),
    ).select_related("organisation")
    page = paginate(request, qs)
    today = timezone.localdate()
    rows = [
        {"p": p, "badge": due_badge(p.due_on, today) if p.state == PublicationState.PENDING else None}
        for p in page.object_list
    ]
    return render(
        request,
        "disclosure/list.html",
        {
            "page": page,
            "rows": rows,
            "filters": g,
            "query": query_without_page(request),
            "kinds": PublicationKind.choices,
            "states": PublicationState.choices,
            "dues": DUE_FILTERS,
            "units": _units(request.user),
        },
    )


def _actions(p: Publication, manage: bool) -> list[str]:
    if not manage:
        return []
    offered: list[str] = []
    if p.state == PublicationState.PENDING:
        offered += ["publish", "exempt"]
    if p.state in (PublicationState.PENDING, PublicationState.PUBLISHED):
        offered += ["revoked", "withdraw"]
    if p.state == PublicationState.PUBLISHED and p.kind == PublicationKind.PENALTY:
        offered.append("repair")
    return offered


@guarded(*LIST_PERMS)
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    p = publication_get_for_user(request.user, pk)
    manage = can_manage(request.user, p)
    today = timezone.localdate()
    return render(
        request,
        "disclosure/detail.html",
        {
            "p": p,
            "manage": manage,
            "actions": _actions(p, manage),
            "editable": manage and p.state in (PublicationState.PENDING, PublicationState.PUBLISHED),
            "fields": [(f, FIELD_LABELS[f]) for f in EDITABLE_FIELDS],
            "changes": [(c, CHANGE_LABELS.get(c.field, c.field)) for c in publication_changes(p)],
            "source_url": source_url(p),
            "due_badge": due_badge(p.due_on, today) if p.state == PublicationState.PENDING else None,
            "withdraw_badge": due_badge(p.withdraw_due_on, today)
            if p.withdraw_due_on and p.state in (PublicationState.PENDING, PublicationState.PUBLISHED)
            else None,
            "today": today,
            "form": request.session.pop("disclosure_form", {}) if hasattr(request, "session") else {},
        },
    )


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise ValidationError("日期格式应为YYYY-MM-DD") from None


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _keep(request: HttpRequest) -> None:
    """Keep what the user typed for the form shown again after an error."""
    request.session["disclosure_form"] = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}


@require_POST
@guarded(*LIST_PERMS)
def publication_correct(request: HttpRequest, pk: int) -> HttpResponse:
    post = request.POST
    try:
        publication_update(
            actor=actor_of(request),
            user=request.user,
            publication_id=pk,
            field=post.get("field", ""),
            value=post.get("value", ""),
            reason=post.get("reason", ""),
            version=_version(request),
        )
        messages.success(request, f"已修改“{FIELD_LABELS.get(post.get('field', ''), '')}”并留痕")
    except ERRORS as exc:
        if isinstance(exc, NotFound):
            raise
        _keep(request)
        messages.error(request, exc.message)
    return redirect("disclosure:detail", pk=pk)


@require_POST
@guarded(*LIST_PERMS)
def publication_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    post, actor, user, version = request.POST, actor_of(request), request.user, _version(request)
    actions: dict[str, tuple[Callable[[], Any], str]] = {
        "publish": (
            lambda: publication_publish(actor=actor, user=user, publication_id=pk, version=version),
            "已公示",
        ),
        "exempt": (
            lambda: publication_exempt(
                actor=actor, user=user, publication_id=pk, version=version, reason=post.get("reason", "")
            ),
            "已决定不予公示",
        ),
        "revoked": (
            lambda: publication_mark_revoked(
                actor=actor,
                user=user,
                publication_id=pk,
                version=version,
                revoked_on=_day(post.get("revoked_on", "")) or timezone.localdate(),
                reason=post.get("reason", ""),
            ),
            "已登记决定变更/撤销，请在3个工作日内撤回公示",
        ),
        "withdraw": (
            lambda: publication_withdraw(
                actor=actor,
                user=user,
                publication_id=pk,
                version=version,
                revoked_on=_day(post.get("revoked_on", "")),
                public_note=post.get("public_note", ""),
            ),
            "已撤回公示，撤回说明已公开",
        ),
        "repair": (
            lambda: publication_repair(
                actor=actor,
                user=user,
                publication_id=pk,
                version=version,
                harm_removed=post.get("harm_removed") == "1",
                not_listed=post.get("not_listed") == "1",
                commitment=post.get("commitment", ""),
                note=post.get("note", ""),
            ),
            "信用修复：已提前停止公示",
        ),
    }
    if action not in actions:
        raise NotFound()
    run, done = actions[action]
    try:
        run()
        messages.success(request, done)
    except ERRORS as exc:
        if isinstance(exc, NotFound):
            raise
        _keep(request)
        messages.error(request, exc.message)
    return redirect("disclosure:detail", pk=pk)
