"""The party's pages (390 px first, no scripts, no trackers). Thin: the session decorator gives the
case, selectors read, services write, errors become messages on the page."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zhifa.cases.paperwork import latest_decision
from zhifa.cases.services.party import STATEMENT_STATES, party_hearing_deadline
from zhifa.core.errors import ApplicationError, ValidationError

from .choices import ConsentChannel, RequestKind, SessionEnd
from .errors import PartyLoginFailed
from .payments import payment_adapter
from .selectors import (
    active_consent,
    party_deadlines,
    party_document_for,
    party_payment,
    party_remedies,
    party_requests,
    party_served_documents,
    stage_words,
    statement_deadline,
)
from .services import (
    party_apply_deferral,
    party_apply_instalments,
    party_consent_give,
    party_consent_withdraw,
    party_document_read,
    party_login,
    party_logout,
    party_request_hearing,
    party_session_check,
    party_submit_statement,
)
from .session import (
    PartyContext,
    clear_session_cookie,
    client_ip,
    party_required,
    read_token,
    set_session_cookie,
)

ENDED = {
    SessionEnd.IDLE: "长时间未操作，已自动退出，请重新登录",
    SessionEnd.EXPIRED: "登录时间已到，请重新登录",
    SessionEnd.REGENERATED: "查询码已由执法机关重新生成，原查询码已失效，请使用新的查询码登录",
    SessionEnd.LOGOUT: "您已退出登录",
}


def _party(request: HttpRequest) -> PartyContext:
    return request.party  # type: ignore[attr-defined,no-any-return]


def _page(request: HttpRequest, template: str, **context: object) -> HttpResponse:
    party = _party(request)
    return render(request, template, {"case": party.case, "access": party.access, **context})


@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and party_session_check(read_token(request), ip=client_ip(request)).session:
        return redirect("party_portal:summary")
    number = request.POST.get("case_number", "").strip()
    error, status = "", 200
    if request.method == "POST":
        try:
            token, _access = party_login(
                case_number=number, code=request.POST.get("code", ""), ip=client_ip(request)
            )
        except PartyLoginFailed as exc:
            error, status = exc.message, 401
        except ApplicationError as exc:  # locked / throttled
            error, status = exc.message, 429
        else:
            signed_in = redirect("party_portal:summary")
            set_session_cookie(signed_in, token)
            return signed_in
    notice = ENDED.get(request.GET.get("ended", ""), "")  # type: ignore[call-overload]
    response = render(
        request,
        "party_portal/login.html",
        {"error": error, "notice": notice, "case_number": number},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@party_required
def logout(request: HttpRequest) -> HttpResponse:
    party = _party(request)
    party_logout(session=party.session, ip=party.ip)
    response = redirect(reverse("party_portal:login") + f"?ended={SessionEnd.LOGOUT}")
    clear_session_cookie(response)
    return response


@party_required
def summary(request: HttpRequest) -> HttpResponse:
    case = _party(request).case
    today = timezone.localdate()
    return _page(
        request,
        "party_portal/summary.html",
        stage=stage_words(case),
        deadlines=party_deadlines(case, today),
        fine=case.decided_fine if case.decided_on else case.proposed_fine,
        decided=case.decided_on is not None,
        nav="summary",
    )


@party_required
def documents(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "party_portal/documents.html",
        served=party_served_documents(_party(request).access),
        nav="documents",
    )


@party_required
def document_pdf(request: HttpRequest, pk: int) -> FileResponse:
    party = _party(request)
    document = party_document_for(party.access, pk)  # NotFound unless served on this party, this case
    if not default_storage.exists(document.pdf_file):
        raise Http404("文件不存在")
    party_document_read(access=party.access, document=document, ip=party.ip)
    name = f"{document.title}{document.number or document.pk}.pdf"
    return FileResponse(
        default_storage.open(document.pdf_file, "rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=name,
    )


def _statement_context(request: HttpRequest) -> dict[str, object]:
    case = _party(request).case
    today = timezone.localdate()
    hearing_deadline = party_hearing_deadline(case) if case.hearing_right else None
    return {
        "nav": "statement",
        "today": today,
        "statement_open": case.state in STATEMENT_STATES,
        "statement_deadline": statement_deadline(case),
        "hearing_deadline": hearing_deadline,
        "hearing_passed": hearing_deadline is not None and today > hearing_deadline,
        "filed": [
            r
            for r in party_requests(_party(request).access)
            if r.kind in (RequestKind.HEARING, RequestKind.STATEMENT)
        ],
    }


@require_http_methods(["GET", "POST"])
@party_required
def statement(request: HttpRequest) -> HttpResponse:
    """陈述、申辩 and the hearing request (处罚法第四十五条、第六十四条)."""
    party = _party(request)
    if request.method == "POST":
        try:
            if request.POST.get("what") == "hearing":
                party_request_hearing(access=party.access, ip=party.ip, note=request.POST.get("note", ""))
                messages.success(request, "听证申请已提交，执法机关将书面通知听证的时间和地点")
            else:
                party_submit_statement(access=party.access, text=request.POST.get("text", ""), ip=party.ip)
                messages.success(request, "陈述、申辩意见已提交，执法机关将进行复核")
            return redirect("party_portal:statement")
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return _page(
                request,
                "party_portal/statement.html",
                text=request.POST.get("text", ""),
                **_statement_context(request),
            )
    return _page(request, "party_portal/statement.html", **_statement_context(request))


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError("请填写申请延期缴纳至的日期（年-月-日）") from None


@require_http_methods(["GET", "POST"])
@party_required
def payment(request: HttpRequest) -> HttpResponse:
    """缴款 status and the deferral / instalment application (处罚法第六十六条、第六十七条、第七十二条)."""
    party = _party(request)
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            if request.POST.get("what") == "instalments":
                party_apply_instalments(
                    access=party.access,
                    plan_text=request.POST.get("instalments", ""),
                    reason=request.POST.get("reason", ""),
                    ip=party.ip,
                )
                messages.success(request, "分期缴纳申请已提交，执法机关审查批准后生效")
            else:
                party_apply_deferral(
                    access=party.access,
                    deferred_to=_parse_day(request.POST.get("deferred_to", "")),
                    reason=request.POST.get("reason", ""),
                    ip=party.ip,
                )
                messages.success(request, "延期缴纳申请已提交，执法机关审查批准后生效")
            return redirect("party_portal:payment")
        except ApplicationError as exc:
            messages.error(request, exc.message)
    case = party.case
    view = party_payment(case, today=timezone.localdate(), adapter=payment_adapter())
    filed = [
        r for r in party_requests(party.access) if r.kind in (RequestKind.DEFERRAL, RequestKind.INSTALMENTS)
    ]
    return _page(request, "party_portal/payment.html", pay=view, filed=filed, form=form, nav="payment")


@require_http_methods(["GET", "POST"])
@party_required
def consent(request: HttpRequest) -> HttpResponse:
    """电子送达确认 (处罚法第六十一条第二款): give, replace or withdraw."""
    party = _party(request)
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            if request.POST.get("what") == "withdraw":
                party_consent_withdraw(access=party.access, ip=party.ip)
                messages.success(request, "已撤回电子送达确认，此后文书将以其他方式送达")
            else:
                party_consent_give(
                    access=party.access,
                    channel=request.POST.get("channel", ""),
                    address=request.POST.get("address", ""),
                    agreed=request.POST.get("agreed") == "on",
                    ip=party.ip,
                )
                messages.success(request, "电子送达确认已记录")
            return redirect("party_portal:consent")
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return _page(
        request,
        "party_portal/consent.html",
        current=active_consent(party.access),
        channels=ConsentChannel.choices,
        form=form,
        nav="consent",
    )


@party_required
def remedies(request: HttpRequest) -> HttpResponse:
    """复议 and 诉讼 routes of the served decision (复议法第二十条; 行政诉讼法第四十六条)."""
    case = _party(request).case
    return _page(
        request,
        "party_portal/remedies.html",
        remedies=party_remedies(case),
        decision=latest_decision(case),
        nav="remedies",
    )
