"""The officer's side: the block on the case page (code issued, last party login, consent, what the
party read and filed) and the regenerate action, which shows the new code once and stores it
nowhere in plain text."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from zhifa.cases.models import Case
from zhifa.cases.permissions import CasePerm
from zhifa.core.errors import Conflict, NotFound
from zhifa.core.identifiers import mask_phone
from zhifa.core.subjects import access_subject
from zhifa.orgs.scopes import has_perm
from zhifa.orgs.views.common import actor_of, guarded

from .choices import ConsentChannel
from .codes import display_code
from .models import PartyRequest
from .selectors import party_portal_overview
from .services import party_access_regenerate, party_request_done
from .services.access import portal_login_url


def _masked_address(channel: str, address: str) -> str:
    if channel == ConsentChannel.EMAIL and "@" in address:
        name, _, host = address.partition("@")
        return f"{name[:2]}***@{host}"
    return mask_phone(address)


def party_portal_panel(request: Any, case: Case) -> SafeString:
    """Registered with zhifa.cases.panels: rendered on every case page the user may view."""
    overview = party_portal_overview(case)
    consent = overview.consent
    return render_to_string(
        "party_portal/officer_panel.html",
        {
            "case": case,
            "overview": overview,
            "consent_address": _masked_address(consent.channel, consent.address) if consent else "",
            "can_regenerate": has_perm(request.user, CasePerm.HANDLE),
        },
        request=request,
    )


@require_POST
@guarded(CasePerm.HANDLE)
def officer_regenerate(request: HttpRequest, case_pk: int) -> HttpResponse:
    """重新生成查询码: only a handler of the case (write access through the subject registry)."""
    case: Any = access_subject(request.user, "cases.case", case_pk, write=True)
    code = party_access_regenerate(actor=actor_of(request), case=case)
    response = render(
        request,
        "party_portal/officer_code.html",
        {"case": case, "code": display_code(code), "url": portal_login_url()},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@guarded(CasePerm.HANDLE)
def officer_request_done(request: HttpRequest, pk: int) -> HttpResponse:
    """标记已处理: a handler of the request's case completes its 待办."""
    filed = PartyRequest.objects.filter(pk=pk).first()
    if filed is None:
        raise NotFound()
    access_subject(request.user, "cases.case", filed.case_id, write=True)
    try:
        party_request_done(actor=actor_of(request), request=filed)
        messages.success(request, f"已将当事人的{filed.get_kind_display()}标记为已处理")
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect(reverse("cases:detail", args=[filed.case_id]) + "#party-portal")
