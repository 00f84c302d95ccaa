"""Transfer pages: the sent and received lists, the request form (from a case), the transfer page
with the steps on offer. Thin: selectors authorise, services write, errors become messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.cases.selectors import case_get_for_user
from zhifa.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from zhifa.documents.selectors import documents_for_subject
from zhifa.orgs.models import Officer, Organisation
from zhifa.orgs.views.common import actor_of, guarded, paginate, query_without_page
from zhifa.worklist.selectors import approval_runs_for_subject, deadline_badge
from zhifa.worklist.services import deadlines_for_subject

from . import rules, services
from .models import Transfer, TransferKind, TransferState
from .paperwork import seized_items
from .permissions import TransferPerm
from .selectors import transfer_get_for_user, transfer_list_for_user

LIMITS = {  # what the page shows as exact hour-based due times (RULES §4)
    "head": (rules.HEAD_DECISION, "reported_at"),
    "send": (rules.SEND, "decided_at"),
    "police": (rules.POLICE_DECISION, "received_at"),
    "handover": (rules.HANDOVER, "answered_at"),
}


@guarded(TransferPerm.VIEW)
def transfer_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    box = "received" if g.get("box") == "received" else "sent"
    page = paginate(
        request,
        transfer_list_for_user(request.user, box=box, kind=g.get("kind", ""), state=g.get("state", "")),
    )
    return render(
        request,
        "transfers/list.html",
        {
            "page": page,
            "box": box,
            "filters": g,
            "query": query_without_page(request),
            "kinds": TransferKind.choices,
            "states": TransferState.choices,
        },
    )


@guarded(TransferPerm.VIEW)
def transfer_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    case = case_get_for_user(user, request.GET.get("case") or request.POST.get("case") or 0)
    officers = Officer.objects.filter(organisation_id=case.organisation_id, is_active=True).order_by("name")
    others = Organisation.objects.filter(is_active=True).exclude(pk=case.organisation_id)
    agencies = others.order_by("name")[:500]
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            to_org = others.filter(pk=int(form.get("to_organisation") or 0)).first()
            transfer = services.transfer_request(
                actor=actor_of(request),
                user=user,
                case=case,
                kind=form.get("kind", ""),
                reason=form.get("reason", ""),
                to_organisation=to_org,
                to_body=form.get("to_body", ""),
                procuratorate=form.get("procuratorate", ""),
                to_officers=list(officers.filter(pk__in=request.POST.getlist("to_officers"))),
                materials=[{"title": t.strip()} for t in form.get("materials", "").splitlines() if t.strip()],
                seized_property=form.get("seized_property", ""),
            )
            messages.success(request, "已提请移送，等待审批")
            return redirect("transfers:detail", pk=transfer.pk)
        except (ValidationError, Conflict, PermissionDenied) as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, "请选择接收机关")
    return render(
        request,
        "transfers/new.html",
        {
            "case": case,
            "officers": officers,
            "agencies": agencies,
            "kinds": TransferKind.choices,
            "form": form,
            "seized": seized_items(case),
        },
    )


def _steps(user: Any, row: Transfer) -> list[tuple[str, str]]:
    """The steps the page offers (the services check again)."""
    offered: list[tuple[str, str]] = []
    sender = row.organisation_id == getattr(user, "organisation_id", None) or not row.to_organisation_id
    criminal = row.kind == TransferKind.CRIMINAL
    receiver = row.to_organisation_id and row.to_organisation_id == getattr(user, "organisation_id", None)
    if row.state == TransferState.APPROVED and sender:
        offered.append(("send", "移送（出具移送书）"))
    if row.state == TransferState.SENT and not row.received_at and (receiver or (criminal and sender)):
        offered.append(("receive", "登记公安机关签收" if criminal else "登记接收"))
    if (
        row.state in (TransferState.SENT, TransferState.RECONSIDERATION)
        and row.received_at
        and (receiver or (criminal and sender))
    ):
        offered += [
            ("accept", "公安机关立案" if criminal else "接收"),
            ("decline", "不予立案" if criminal else "退回"),
        ]
    if criminal and sender and row.state == TransferState.RETURNED:
        if not row.reconsideration_requested_at:
            offered.append(("reconsider", "提请复议（310令第九条）"))
        offered.append(("supervision", "建议检察院立案监督"))
    if criminal and sender and row.state == TransferState.ACCEPTED and not row.handed_over_at:
        offered.append(("handover", "移交涉案物品和材料"))
    return offered


@guarded(TransferPerm.VIEW)
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = transfer_get_for_user(request.user, pk)
    now = timezone.now()
    limits = []
    for limit, field in LIMITS.values():
        start = getattr(row, field)
        if start is not None:
            limits.append((limit, rules.due_label(start, limit), rules.overdue(start, limit, now)))
    return render(
        request,
        "transfers/detail.html",
        {
            "t": row,
            "steps": _steps(request.user, row),
            "limits": limits,
            "deadlines": [(d, deadline_badge(d)) for d in deadlines_for_subject(row)],
            "approvals": approval_runs_for_subject(row),
            # the 11.xx documents are the case's (filed in its dossier); reaching them authorises
            # through the case again (documents views)
            "papers": documents_for_subject(row.case).filter(type_code__startswith="11."),
            "seized": seized_items(row.case),
        },
    )


@require_POST
@guarded(TransferPerm.VIEW)
def transfer_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    row = transfer_get_for_user(request.user, pk)
    version = request.POST.get("version", "")
    if version.isdigit():
        row.version = int(version)  # the version the user saw: a stale form gets a conflict
    actor, user, reason = actor_of(request), request.user, request.POST.get("reason", "")
    actions: dict[str, Callable[[], Transfer]] = {
        "send": lambda: services.transfer_send(actor=actor, user=user, transfer=row),
        "receive": lambda: services.transfer_receive(actor=actor, user=user, transfer=row),
        "accept": lambda: services.transfer_answer(
            actor=actor, user=user, transfer=row, accepted=True, reason=reason
        ),
        "decline": lambda: services.transfer_answer(
            actor=actor, user=user, transfer=row, accepted=False, reason=reason
        ),
        "reconsider": lambda: services.transfer_request_reconsideration(actor=actor, user=user, transfer=row),
        "supervision": lambda: services.transfer_propose_supervision(actor=actor, user=user, transfer=row),
        "handover": lambda: services.transfer_handover(actor=actor, user=user, transfer=row),
    }
    if step not in actions:
        raise NotFound()
    try:
        actions[step]()
        messages.success(request, "操作成功")
    except (ValidationError, Conflict, PermissionDenied) as exc:
        messages.error(request, exc.message)
    return redirect("transfers:detail", pk=pk)
