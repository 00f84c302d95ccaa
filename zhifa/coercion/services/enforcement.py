"""行政强制执行, first half: start (from a case or on its own), 催告 (强制法第三十五条), the party's
陈述申辩 and its review (第三十六条), and the 强制执行决定 put to the head — after 法制审核 when the
decision is major (第三十七条; 重大执法决定法制审核)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.cases.gates import payment_due_on
from zhifa.cases.models import Case, CaseHandler
from zhifa.cases.permissions import CasePerm
from zhifa.cases.rules.execution import PAYMENT_DAYS
from zhifa.cases.rules.review import reviewer_problems
from zhifa.cases.selectors import case_in_scope
from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import PermissionDenied, ValidationError
from zhifa.documents.rules import service_effective_on
from zhifa.orgs.models import Organisation
from zhifa.orgs.scopes import has_perm, scope_contains
from zhifa.parties.models import Party
from zhifa.worklist.models import ApprovalDecision, ApprovalRun
from zhifa.worklist.registry import ApprovalStepSpec, register_approval_type
from zhifa.worklist.services import approval_start, deadline_start, task_create, tasks_close_for_subject

from .. import execution_rules as xr
from ..models import Enforcement, EnforcementKind, EnforcementRoute, EnforcementState
from ..permissions import CoercionPerm
from .enforcement_common import demand_served_on, enforcement_owners, lock, require_executor, save, surcharge
from .enforcement_papers import issue_demand, issue_plain

DECISION_APPROVAL = "coercion.enforcement"
MAJOR_DECISION_APPROVAL = "coercion.enforcement_major"
LEGAL = ApprovalStepSpec("legal_reviewer", "法制审核")
HEAD = ApprovalStepSpec("agency_head", "行政机关负责人批准")
STEP_TASK = "coercion.step"


def next_task(actor: Actor, row: Enforcement, title: str, due_on: date | None) -> None:
    """The handler's next step on the worklist (the previous one closed)."""
    tasks_close_for_subject(actor=actor, subject=row, kind=STEP_TASK)
    user = row.created_by
    task_create(
        actor=actor,
        subject=row,
        organisation=row.organisation,
        kind=STEP_TASK,
        title=title,
        assignee=user,
        due_on=due_on,
    )


def _authorise(user: Any, case: Case | None, organisation: Organisation) -> None:
    if not has_perm(user, CoercionPerm.EXECUTION_HANDLE):
        raise PermissionDenied("您没有行政强制执行的权限")
    if case is not None:
        handlers = set(CaseHandler.objects.filter(case=case).values_list("user_id", flat=True))
        if not case_in_scope(user, case, CasePerm.HANDLE, handler_user_ids={h for h in handlers if h}):
            raise PermissionDenied("您不能对本案强制执行")
    elif not scope_contains(
        user,
        CoercionPerm.EXECUTION_HANDLE,
        organisation_id=organisation.pk,
        region_code=organisation.region_code,
        owner_ids={user.pk},
    ):
        raise PermissionDenied("您不能以该机关名义强制执行")


def amount(value: Any, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        result = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{label}格式错误") from None
    if result < 0:
        raise ValidationError(f"{label}不能为负数")
    return result


def enforcement_start(
    *,
    actor: Actor,
    user: Any,
    kind: str,
    route: str,
    obligation: str = "",
    case: Case | None = None,
    party: Party | None = None,
    organisation: Organisation | None = None,
    principal: Any = None,
    due_on: date | None = None,
    decision_number: str = "",
    decision_received_on: date | None = None,
    demolition: bool = False,
) -> Enforcement:
    """登记强制执行: from a case (its unpaid fine, or an obligation it ordered) or on its own. A 催告
    the case already served (action demand_payment) counts: the enforcement starts 已催告."""
    if kind not in EnforcementKind.values or route not in EnforcementRoute.values:
        raise ValidationError("义务种类或执行方式无效")
    with transaction.atomic():
        if case is not None:
            organisation = case.organisation
        if organisation is None:
            raise ValidationError("请选择执行机关")
        _authorise(user, case, organisation)
        problems: list[str] = []
        value = amount(principal, "金钱给付数额")
        if case is not None and kind == EnforcementKind.MONEY:
            value = value if value is not None else case.decided_fine
            due_on = due_on or payment_due_on(case)
            decision_received_on = decision_received_on or case.decision_served_on
            obligation = obligation.strip() or f"缴纳罚款人民币{value}元"
            if case.executed_on:
                problems.append("本案罚款已缴纳，无需强制执行")
            if case.decision_served_on is None:
                problems.append("处罚决定书尚未送达，不能强制执行")
        if case is None and party is None:
            problems.append("未关联案件的强制执行须选择当事人")
        if not obligation.strip():
            problems.append("请填写当事人应履行的义务")
        if kind == EnforcementKind.MONEY and not value:
            problems.append("金钱给付义务须填写数额")
        if problems:
            raise ValidationError("；".join(problems))
        row = Enforcement.objects.create(
            kind=kind,
            route=route,
            case=case,
            case_number=case.number if case else "",
            party=party if party is not None else (case.party if case else None),
            party_name=case.party_name if case else (party.name if party else ""),
            organisation=organisation,
            region_code=organisation.region_code,
            decision_number=decision_number.strip()[:100],
            decision_received_on=decision_received_on,
            obligation=obligation.strip(),
            principal=value,
            due_on=due_on,
            demolition=demolition,
            created_by_id=user.pk,
        )
        audit_append(
            actor=actor,
            action="coercion.enforcement.start",
            subject=row,
            payload={"kind": kind, "route": route, "case": row.case_id, "principal": str(value or "")},
        )
        served = demand_served_on(row)
        if served is not None:  # the case's 催告书 (10.04, 15 days: zhifa.cases.paperwork)
            row.demand_days = PAYMENT_DAYS
            _start_demand_clocks(actor, row, served)
            row.state = EnforcementState.DEMANDED
            save(actor, row, "demand_seen", served_on=served.isoformat())
        else:
            next_task(actor, row, "催告当事人履行义务（行政强制法第三十五条）", None)
        window = _court_window(row)
        if route == EnforcementRoute.COURT and window is not None:
            deadline_start(
                actor=actor,
                subject=row,
                organisation=organisation,
                rule=xr.COURT_APPLICATION,
                started_on=window.litigation_ends_on,
            )
        return row


def _court_window(row: Enforcement) -> Any:
    from .enforcement_common import court_window

    return court_window(row)


def _start_demand_clocks(actor: Actor, row: Enforcement, served_on: date) -> None:
    assert row.demand_days
    clock = deadline_start(
        actor=actor,
        subject=row,
        organisation=row.organisation,
        rule=xr.demand_rule(row.demand_days),
        started_on=served_on,
    )
    row.demand_due_on = clock.due_on
    if row.route == EnforcementRoute.COURT:  # 第五十四条: 催告书送达十日后
        deadline_start(
            actor=actor, subject=row, organisation=row.organisation, rule=xr.COURT_WAIT, started_on=served_on
        )
        next_task(actor, row, "催告书送达十个工作日后申请人民法院强制执行", xr.court_wait_ends(served_on))
    else:
        next_task(actor, row, "催告期满未履行的，作出强制执行决定（第三十七条）", clock.due_on)


def enforcement_demand(
    *,
    actor: Actor,
    user: Any,
    enforcement: Enforcement,
    days: int,
    method: str,
    served_on: date,
    service_method: str = "direct",
    receipt_date: date | None = None,
) -> Enforcement:
    """催告 (第三十五条): the 履行催告书 states the period the agency sets, the method, the amount and the
    party's 陈述申辩 rights; served, it starts the period (第六十九条: ≤10 日 = working days)."""
    with transaction.atomic():
        row = lock(enforcement, EnforcementState.STARTED)
        require_executor(user, row)
        if not 1 <= int(days) <= 365:
            raise ValidationError("请填写催告履行期限（日）")
        if row.due_on and served_on <= row.due_on:
            raise ValidationError(
                f"行政决定确定的履行期限{row.due_on:%Y年%m月%d日}尚未届满，不能催告（行政强制法第三十四条、第五十四条）"
            )
        if row.kind == EnforcementKind.ACT and not method.strip():
            raise ValidationError("请填写履行方式（行政强制法第三十五条第二项）")
        effective = service_effective_on(service_method, served_on=served_on, receipt_date=receipt_date)
        row.demand_days, row.demand_method, row.demand_served_on = int(days), method.strip()[:255], effective
        details: dict[str, Any] = {"receipt_date": receipt_date} if receipt_date else {}
        issue_demand(actor, row, served_on=served_on, method=service_method, details=details)
        _start_demand_clocks(actor, row, effective)
        row.state = EnforcementState.DEMANDED
        return save(actor, row, "demand", served_on=effective.isoformat(), days=row.demand_days)


def enforcement_statement(
    *,
    actor: Actor,
    user: Any,
    enforcement: Enforcement,
    statement: str,
    on: date,
    review: str,
    adopted: bool,
) -> Enforcement:
    """第三十六条: 当事人有权进行陈述和申辩。行政机关应当充分听取当事人的意见，对当事人提出的事实、理由和
    证据，应当进行记录、复核。当事人提出的事实、理由或者证据成立的，行政机关应当采纳."""
    with transaction.atomic():
        row = lock(enforcement, EnforcementState.DEMANDED)
        require_executor(user, row)
        if not statement.strip() or not review.strip():
            raise ValidationError("请记录当事人的陈述、申辩和复核意见（行政强制法第三十六条）")
        row.statement, row.statement_on = statement.strip(), on
        row.statement_review, row.statement_adopted = review.strip(), bool(adopted)
        return save(actor, row, "statement", adopted=bool(adopted), on=on.isoformat())


def enforcement_request_decision(
    *,
    actor: Actor,
    user: Any,
    enforcement: Enforcement,
    measure_text: str,
    substitute: bool = False,
    performer: str = "",
    cost: Any = None,
    today: date | None = None,
) -> Enforcement:
    """提请强制执行决定 (第三十七条第一款: 经催告，当事人逾期仍不履行行政决定，且无正当理由的). Money:
    加处罚款 has run more than 30 days (第四十六条第一款). 代履行 only for 排除妨碍、恢复原状 (第五十条)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        row = lock(enforcement, EnforcementState.DEMANDED)
        require_executor(user, row)
        problems: list[str] = []
        if row.route != EnforcementRoute.SELF:
            problems.append("没有行政强制执行权的，应当申请人民法院强制执行（行政强制法第五十三条）")
        if row.demand_due_on is None or today <= row.demand_due_on:
            when = f"{row.demand_due_on:%Y年%m月%d日}" if row.demand_due_on else ""
            problems.append(f"催告期限{when}尚未届满，不能作出强制执行决定（行政强制法第三十七条第一款）")
        if row.statement and row.statement_adopted is None:
            problems.append("当事人的陈述、申辩尚未复核（行政强制法第三十六条）")
        if row.statement_adopted:
            problems.append(
                "当事人陈述、申辩理由成立，已予采纳，不能作出强制执行决定（行政强制法第三十六条）"
            )
        if not measure_text.strip():
            problems.append("请填写强制执行方式（行政强制法第十二条）")
        if substitute and row.kind != EnforcementKind.ACT:
            problems.append("代履行适用于排除妨碍、恢复原状等行为义务（行政强制法第五十条）")
        if substitute and not performer.strip():
            problems.append("请填写代履行人（行政强制法第五十一条第一款第一项）")
        charge = surcharge(row, today)
        if row.kind == EnforcementKind.MONEY and (charge is None or charge.days <= xr.SURCHARGE_DIRECT_DAYS):
            days = charge.days if charge else 0
            problems.append(f"加处罚款已计{days}日，超过三十日后方可强制执行（行政强制法第四十六条第一款）")
        if problems:
            raise ValidationError("；".join(problems))
        reasons = xr.major_reasons(substitute=substitute, demolition=row.demolition, principal=row.principal)
        row.major, row.major_reasons = bool(reasons), reasons
        row.measure_text = measure_text.strip()[:255]
        if substitute:
            row.substitute_performer = performer.strip()[:200]
            row.substitute_cost = amount(cost, "代履行费用")
        row.substitute_state = "decided" if substitute else ""
        row.decision_requested_at, row.state = timezone.now(), EnforcementState.DECIDING
        row.refusal_reason = ""
        approval_start(
            actor=actor,
            subject=row,
            organisation=row.organisation,
            approval_type=MAJOR_DECISION_APPROVAL if reasons else DECISION_APPROVAL,
            summary={
                "当事人": row.party_name,
                "案件编号": row.case_number,
                "应履行义务": row.obligation,
                "强制执行方式": row.measure_text,
                "代履行": f"{row.substitute_performer}（费用预算{row.substitute_cost or '—'}元）"
                if substitute
                else "否",
                "加处罚款（元）": str(charge.amount) if charge else "",
                "法制审核理由": "；".join(reasons),
            },
        )
        tasks_close_for_subject(actor=actor, subject=row, kind=STEP_TASK)
        return save(actor, row, "decision_request", major=row.major, substitute=substitute)


def _last(run: ApprovalRun) -> ApprovalDecision | None:
    return (
        ApprovalDecision.objects.filter(run=run).select_related("decided_by").order_by("-step_index").first()
    )


def _decision_finished(*, run: ApprovalRun, actor: Actor) -> None:
    last = _last(run)
    at = last.decided_at if last else timezone.now()
    row = (
        Enforcement.objects.select_for_update(of=("self",))
        .select_related("organisation", "case", "party")
        .get(pk=run.subject_id)
    )
    if run.status != "approved":
        row.state, row.substitute_state = EnforcementState.DEMANDED, ""
        row.refusal_reason = last.comment if last else ""
        next_task(actor, row, "强制执行决定未获批准：补正后重新提请或终结执行", None)
        save(actor, row, "decision_refuse", reason=row.refusal_reason)
        return
    legal = ApprovalDecision.objects.filter(run=run, step_index=0).first() if row.major else None
    if legal is not None:
        row.legal_reviewer_id, row.legal_reviewed_at = legal.decided_by_id, legal.decided_at
    row.decided_at, row.state = at, EnforcementState.DECIDED
    save(actor, row, "decide", major=row.major)
    issue_plain(actor, row, "10.07" if row.substitute_state else "10.06", today=timezone.localtime(at).date())
    next_task(actor, row, "送达强制执行（代履行）决定书", None)


def _decision_withdrawn(*, run: ApprovalRun, actor: Actor) -> None:
    row = Enforcement.objects.select_for_update(of=("self",)).get(pk=run.subject_id)
    row.state, row.substitute_state = EnforcementState.DEMANDED, ""
    save(actor, row, "decision_withdraw")


def _eligibility(user: Any, run: ApprovalRun, step_index: int) -> str | None:
    """法制审核 by a qualified reviewer who is not a handler (审查分离; 行政处罚法第五十八条第二款 by
    analogy for the 重大执法决定法制审核)."""
    if run.steps[step_index]["role"] != LEGAL.role:
        return None
    row = Enforcement.objects.filter(pk=run.subject_id).first()
    officer = getattr(user, "officer", None)
    problems = reviewer_problems(
        reviewer_name=str(getattr(officer, "name", None) or user.username),
        has_legal_qualification=bool(officer and officer.has_legal_qualification),
        handled_case=row is not None and user.pk in enforcement_owners(row),
        legal_review=True,
    )
    return (
        problems[0].replace("本案", "本强制执行").replace("市场监管行政处罚程序规定第五十条", "审查分离")
        if problems
        else None
    )


def register_enforcement_approvals() -> None:
    register_approval_type(
        DECISION_APPROVAL,
        "行政强制执行决定审批",
        on_finished=_decision_finished,
        default_steps=(HEAD,),
        on_withdrawn=_decision_withdrawn,
    )
    register_approval_type(
        MAJOR_DECISION_APPROVAL,
        "重大行政强制执行决定（法制审核）",
        on_finished=_decision_finished,
        eligibility=_eligibility,
        default_steps=(LEGAL, HEAD),
        on_withdrawn=_decision_withdrawn,
    )
