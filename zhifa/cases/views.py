"""Case pages: list, register, the case page (facts, handlers, deadlines, timeline, actions) and the
action POST. Thin: selectors authorise, `case_transition` writes, errors become messages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.core.errors import CalendarYearUnknown, Conflict, ValidationError
from zhifa.documents.models import ServiceMethod
from zhifa.documents.selectors import phrases_for
from zhifa.legal.rules.discretion import PenaltyKind
from zhifa.orgs.models import Officer
from zhifa.orgs.scopes import has_perm
from zhifa.orgs.views.common import actor_of, guarded, paginate, query_without_page
from zhifa.parties.models import Party
from zhifa.parties.selectors import party_list_for_user
from zhifa.worklist.registry import approval_type_name
from zhifa.worklist.selectors import deadline_badge

from .choices import CaseSource, CaseState, ProcedureKind
from .clocks import SUSPENSION_REASONS
from .execution import REMEDY_KINDS, execution_status
from .panels import case_panels
from .permissions import CasePerm
from .selectors import (
    CaseFilters,
    case_list_for_user,
    case_page_for_user,
    discretion_tiers_for,
    legal_review_queue_for_user,
)
from .services import case_available_actions, case_register, case_transition
from .services.approvals import NO_PENALTY_GROUND_LABELS

SERVICE_FIELDS = [
    ("service_method", "送达方式", "service_method"),
    ("recipient", "受送达人（空：当事人）", "text"),
    ("witnesses", "见证人（留置送达）", "text"),
    ("receipt_date", "回执收件日期（邮寄送达）", "date_optional"),
]
ACTION_FIELDS: dict[str, list[tuple[str, str, str]]] = {  # action → (name, label, input type)
    "conclude_investigation": [
        ("facts", "违法事实", "textarea"),
        ("proposed_kinds", "拟处罚种类", "kinds"),
        ("proposed_fine", "拟罚款（元）", "number"),
        ("proposed_confiscation", "拟没收（元）", "number"),
        ("discretion_tier", "裁量档次（按裁量基准）", "tier"),
        ("discretion_base", "计算基数（元，按倍数/比例计罚时）", "number"),
        ("discretion_lo", "裁量幅度下限（元）", "number"),
        ("discretion_hi", "裁量幅度上限（元）", "number"),
        ("discretion_reason", "裁量理由", "textarea"),
        ("evidence_summary", "证据摘要", "textarea"),
        ("basis_violation", "违法依据（空：取权责清单）", "text"),
        ("basis_penalty", "处罚依据（空：取权责清单）", "text"),
    ],
    "notify": [("served_on", "告知书送达日", "date"), *SERVICE_FIELDS],
    "request_hearing": [("requested_on", "申请听证日", "date")],
    "schedule_hearing": [
        ("notice_served_on", "听证通知送达日", "date"),
        ("hearing_on", "听证日期", "date"),
        ("hearing_place", "听证地点", "text"),
        *SERVICE_FIELDS,
    ],
    "hold_hearing": [("concluded_on", "听证结束日", "date")],
    "record_collective_discussion": [("discussed_on", "集体讨论日", "date")],
    "submit_decision": [
        ("outcome", "拟作出的决定", "outcome"),
        ("decided_fine", "罚款（元，默认同告知）", "number"),
        ("discretion_reason", "超出裁量幅度的理由", "textarea"),
        ("no_penalty_ground", "不予处罚情形（仅不予处罚时）", "ground"),
    ],
    "decide_on_spot": [
        ("decided_on", "决定日", "date"),
        ("facts", "违法事实", "textarea"),
        ("evidence_summary", "证据", "textarea"),
        ("basis_violation", "违反规定", "text"),
        ("basis_penalty", "处罚依据", "text"),
        ("decided_kinds", "处罚种类", "kinds"),
        ("decided_fine", "罚款（元）", "number"),
        ("cash_collected", "当场收缴", "checkbox"),
    ],
    "serve_decision": [("served_on", "送达日", "date"), *SERVICE_FIELDS],
    "request_deferral": [("deferred_to", "延期缴纳至", "date")],
    "request_instalments": [("instalments", "分期计划（每行：日期 金额，如 2026-05-31 3000）", "textarea")],
    "record_instalment_payment": [("paid_on", "缴款日", "date"), ("paid_amount", "金额（元）", "number")],
    "record_remedy": [("remedy_kind", "复议或诉讼", "remedy"), ("remedy_from", "申请/起诉日", "date")],
    "end_remedy": [("remedy_to", "结束日（决定/判决生效日）", "date")],
    "suspend_decision_period": [
        ("suspension_reason", "事由", "suspension"),
        ("suspended_on", "起始日", "date"),
    ],
    "resume_decision_period": [("resumed_on", "结束日", "date")],
    "demand_payment": [("served_on", "催告书送达日", "date"), *SERVICE_FIELDS],
    "apply_to_court": [("applied_on", "申请日期", "date")],
    "record_payment": [("paid_on", "缴款日", "date"), ("paid_amount", "金额（元）", "number")],
}
NOTE_ACTIONS = {
    "request_instalments",
    "end_remedy",
    "request_lead_extension",
    "request_extension",
    "request_deferral",
    "record_statement",
    "waive_statement",
    "legal_review_pass",
    "record_collective_discussion",
    "decline",
    "reject_open",
    "submit_legal_review",
    "submit_decision",
    "submit_close",
    "withdraw",
    "decide_no_penalty",
}


@guarded(CasePerm.VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    filters = CaseFilters(
        q=g.get("q", ""),
        state=g.get("state", ""),
        procedure=g.get("procedure", ""),
        open_only=g.get("open") == "1",
        supervision_flag=True if g.get("flagged") == "1" else None,
    )
    page = paginate(request, case_list_for_user(request.user, filters))
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "filters": g,
            "query": query_without_page(request),
            "states": CaseState.choices,
            "procedures": ProcedureKind.choices,
            "can_register": has_perm(request.user, CasePerm.HANDLE),
        },
    )


@guarded(CasePerm.LEGAL_REVIEW)
def legal_review_queue(request: HttpRequest) -> HttpResponse:
    """重大法制审核: the legal reviewer's own list across the unit's cases (处罚法第58条)."""
    return render(
        request, "cases/legal_review_queue.html", {"queue": legal_review_queue_for_user(request.user)}
    )


@guarded(CasePerm.VIEW)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    data = case_page_for_user(request.user, pk)
    case = data.case
    pending = {run.approval_type for run in data.approvals if run.status == "pending"}
    actions = case_available_actions(request.user, case, handlers=data.handlers, pending_approvals=pending)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "handlers": sorted(data.handlers, key=lambda h: h.role != "lead"),  # 主办人 first
            "proposed_kinds": "、".join(
                PenaltyKind(k).label for k in case.proposed_kinds or [] if k in PenaltyKind.values
            ),
            "decided_kinds": "、".join(
                PenaltyKind(k).label for k in case.decided_kinds or [] if k in PenaltyKind.values
            ),
            "events": data.events,
            "deadlines": [(d, deadline_badge(d)) for d in data.deadlines],
            "documents": data.documents,
            "approvals": [
                (
                    run,
                    approval_type_name(run.approval_type),
                    run.steps[run.current_step]["label"] if run.status == "pending" else "",
                )
                for run in data.approvals
            ],
            "outcomes": [("penalty", "给予行政处罚"), ("no_penalty", "不予行政处罚")],
            "execution": execution_status(case, timezone.localdate()),
            "suspension_reasons": list(SUSPENSION_REASONS.items()),
            # 常用语 offered in the forms (documents app: global + the unit's and its superiors')
            "phrases": {
                "facts": list(phrases_for(request.user, "facts").values_list("text", flat=True)[:50]),
                "note": list(phrases_for(request.user, "opinion").values_list("text", flat=True)[:50]),
            },
            "remedy_kinds": list(REMEDY_KINDS.items()),
            "tiers": discretion_tiers_for(case) if case.state == "investigating" else [],
            "service_methods": [(v, label) for v, label in ServiceMethod.choices if v != "electronic"],
            "actions": [
                (a, ACTION_FIELDS.get(a.code, []), a.code in NOTE_ACTIONS or "note" in a.requires)
                for a in actions
            ],
            "kinds": PenaltyKind.choices,
            "today": timezone.localdate().isoformat(),
            "grounds": list(NO_PENALTY_GROUND_LABELS.items()),
            "panels": case_panels(request, case),  # blocks of higher apps (zhifa.cases.panels)
        },
    )


@require_POST
@guarded(CasePerm.VIEW)
def case_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    data: dict[str, Any] = {  # a field left blank is not given (defaults apply, `requires` reports it)
        k: v
        for k, v in request.POST.items()
        if k not in ("csrfmiddlewaretoken", "version") and str(v).strip()
    }
    for key in ("proposed_kinds", "decided_kinds"):
        if key in request.POST:
            data[key] = request.POST.getlist(key)
    data["cash_collected"] = request.POST.get("cash_collected") == "on"
    version = request.POST.get("version")
    try:
        case_transition(
            actor=actor_of(request),
            user=request.user,
            case_id=pk,
            action=action,
            version=int(version) if version and version.isdigit() else None,
            data=data,
        )
        messages.success(request, "操作成功")
    except (ValidationError, Conflict, CalendarYearUnknown) as exc:
        messages.error(request, exc.message)
    return redirect("cases:detail", pk=pk)


@guarded(CasePerm.HANDLE)
def case_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    officers = Officer.objects.filter(organisation_id=user.organisation_id, is_active=True).order_by("name")
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            party = party_list_for_user(user).get(pk=int(form.get("party") or 0))
            chosen = list(officers.filter(pk__in=request.POST.getlist("officers")))
            own = officers.filter(user_id=user.pk).first()
            if own is not None and own not in chosen:
                chosen.insert(0, own)
            case = case_register(
                actor=actor_of(request),
                organisation=user.organisation,
                party=party,
                cause=form.get("cause", ""),
                act_on=date.fromisoformat(form.get("act_on", "")),
                discovered_on=date.fromisoformat(form.get("discovered_on", "")),
                officers=chosen,
                procedure=form.get("procedure", "general"),
                source=form.get("source", CaseSource.INSPECTION),
                facts=form.get("facts", ""),
                place=form.get("place", ""),
            )
            messages.success(request, f"已登记 {case.number}")
            return redirect("cases:detail", pk=case.pk)
        except (ValidationError, Conflict) as exc:
            messages.error(request, exc.message)
        except (ValueError, TypeError):
            messages.error(request, "请完整填写当事人、日期等必填项")
        except Party.DoesNotExist:
            messages.error(request, "当事人不存在或不在您的数据权限范围内")
    party_q = request.GET.get("party_q", "").strip()
    candidates = list(party_list_for_user(user, q=party_q)[:10]) if party_q else []
    return render(
        request,
        "cases/case_form.html",
        {
            "party_q": party_q,
            "candidates": candidates,
            "officers": officers,
            "form": form,
            "procedures": ProcedureKind.choices,
            "sources": CaseSource.choices,
            "today": timezone.localdate().isoformat(),
        },
    )
