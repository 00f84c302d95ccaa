"""执法对象 pages: list (search, filters, CSV export), detail with the audited reveal, register/edit.

Thin: parse → selector (authorises) → service → render. Masking happens in `presenters`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from zhifa.core.errors import Conflict, ValidationError
from zhifa.orgs.scopes import has_perm
from zhifa.orgs.views.common import actor_of, csv_response, guarded, query_without_page

from .choices import EnterpriseStatus, PartyKind, SourceType
from .forms import PartyForm
from .models import Party
from .permissions import PartyPerm
from .presenters import CSV_COLUMNS, present_party
from .search import result_cap
from .selectors import (
    can_view_identity,
    identity_visible_ids,
    looks_like_code,
    party_detail_for_user,
    party_export_for_user,
    party_for_manage,
    party_list_for_user,
    party_result_cap,
)
from .services import party_register, party_reveal_identity, party_update

PER_PAGE = 20
COUNT_CAP = 10_000  # counting past this many matches costs more than it tells
EXPORT_MAX_ROWS = 50_000


def _filters(request: HttpRequest) -> dict[str, Any]:
    g = request.GET
    return {
        "q": g.get("q", "").strip()[:100] or None,
        "kind": g.get("kind") if g.get("kind") in PartyKind.values else None,
        "region": g.get("region", "").strip()[:12] or None,
        "enterprise_status": g.get("status") if g.get("status") in EnterpriseStatus.values else None,
        "source": g.get("source") if g.get("source") in SourceType.values else None,
        "industry": g.get("industry", "").strip()[:8] or None,
    }


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@guarded(PartyPerm.VIEW)
def party_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    q = filters["q"] or ""
    qs = party_list_for_user(request.user, **filters)
    cap = party_result_cap(q)  # a name search lists and counts its newest `cap` matches only
    page = _page_number(request)
    start, stop = (page - 1) * PER_PAGE, page * PER_PAGE + 1
    stop = stop if cap is None else min(stop, cap)
    rows = list(qs[start:stop]) if start < stop else []
    has_next = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    total = qs[: min(cap or COUNT_CAP, COUNT_CAP)].count()
    if total >= COUNT_CAP:
        total_label = f"共 {COUNT_CAP}+ 条"
    elif q and not looks_like_code(q) and total >= result_cap(q):
        total_label = f"命中较多，仅列出最新 {total} 条，请细化查询条件"
    else:
        total_label = f"共 {total} 条"
    visible = identity_visible_ids(request.user, rows)
    context = {
        "parties": [present_party(p, unmasked=p.pk in visible) for p in rows],
        "page": page,
        "has_next": has_next,
        "has_previous": page > 1,
        "total": total,
        "total_label": total_label,
        "query": query_without_page(request),
        "filters": request.GET,
        "kinds": PartyKind.choices,
        "statuses": EnterpriseStatus.choices,
        "sources": SourceType.choices,
        "can_export": has_perm(request.user, PartyPerm.EXPORT),
        "can_manage": has_perm(request.user, PartyPerm.MANAGE),
    }
    return render(request, "parties/party_list.html", context)


@guarded(PartyPerm.EXPORT)
def party_export(request: HttpRequest) -> HttpResponseBase:
    filters = _filters(request)
    qs = party_export_for_user(request.user, **filters)
    rows = list(qs[: min(EXPORT_MAX_ROWS, party_result_cap(filters["q"]) or EXPORT_MAX_ROWS)])
    visible = identity_visible_ids(request.user, rows)
    header = [label for _, label in CSV_COLUMNS]
    data = (
        [getattr(present_party(p, unmasked=p.pk in visible), key) for key, _ in CSV_COLUMNS] for p in rows
    )
    return csv_response("parties", header, data)


def _detail_context(request: HttpRequest, party: Party, **extra: Any) -> dict[str, Any]:
    unmasked = can_view_identity(request.user, party)
    return {
        "party": present_party(party, unmasked=unmasked),
        "can_reveal": unmasked and bool(party.id_number_cipher or party.legal_rep_id_cipher),
        "has_id": bool(party.id_number_cipher),
        "has_rep_id": bool(party.legal_rep_id_cipher),
        "can_edit": has_perm(request.user, PartyPerm.MANAGE)
        and party_list_for_user(request.user, perm=PartyPerm.MANAGE, include_merged=True)
        .filter(pk=party.pk)
        .exists(),
        **extra,
    }


@guarded(PartyPerm.VIEW)
def party_detail(request: HttpRequest, pk: int) -> HttpResponse:
    party = party_detail_for_user(request.user, pk)
    return render(request, "parties/party_detail.html", _detail_context(request, party))


@require_POST
@guarded(PartyPerm.VIEW_IDENTITY)
def party_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """POST only: every reveal is one audit event; the number is shown once, never cached."""
    party = party_detail_for_user(request.user, pk)
    field = request.POST.get("field", "id_number")
    value = party_reveal_identity(actor=actor_of(request), user=request.user, party=party, field=field)
    response = render(
        request,
        "parties/party_detail.html",
        _detail_context(request, party, revealed={"field": field, "value": value}),
    )
    response["Cache-Control"] = "no-store"
    return response


def _save(request: HttpRequest, form: PartyForm, party: Party | None) -> HttpResponse | None:
    try:
        if party is None:
            saved = party_register(actor=actor_of(request), data=form.cleaned_data)
        else:
            saved = party_update(actor=actor_of(request), party=party, data=form.cleaned_data)
    except ValidationError as exc:
        form.apply_errors(exc.fields, exc.message)
        return None
    except Conflict as exc:
        form.add_error("uscc" if form.cleaned_data.get("uscc") else None, exc.message)
        return None
    messages.success(request, "执法对象已登记" if party is None else "执法对象已更新")
    return redirect(reverse("parties:detail", args=[saved.pk]))


@require_http_methods(["GET", "POST"])
@guarded(PartyPerm.MANAGE)
def party_create(request: HttpRequest) -> HttpResponse:
    if getattr(request.user, "organisation_id", None) is None:
        raise DjangoPermissionDenied("您未分配所属单位，不能登记执法对象")
    form = PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, None)
        if done is not None:
            return done
    status = 422 if request.method == "POST" else 200
    return render(request, "parties/party_form.html", {"form": form, "party": None}, status=status)


@require_http_methods(["GET", "POST"])
@guarded(PartyPerm.MANAGE)
def party_edit(request: HttpRequest, pk: int) -> HttpResponse:
    party = party_for_manage(request.user, pk)
    initial = {f: getattr(party, f) or "" for f in PartyForm.base_fields if hasattr(party, f)}
    form = PartyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, party)
        if done is not None:
            return done
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "parties/party_form.html",
        {"form": form, "party": present_party(party, unmasked=can_view_identity(request.user, party))},
        status=status,
    )
