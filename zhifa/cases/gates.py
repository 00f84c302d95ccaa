"""Gates: named checks that an action must pass (procedures.Action.gates). Each returns the Chinese
problems that block it (empty: passes). They read the case as the action would leave it — the
service applies the input to the unsaved case first — so the message speaks about what the user
is trying to do, and nothing is written when any gate fails."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from zhifa.legal.rules.discretion import NO_PENALTY_MANDATORY, Circumstance, PenaltyKind
from zhifa.orgs.models import Officer

from .choices import CaseState as S
from .choices import Outcome
from .config import case_period, summary_limits_on
from .models import Case
from .rules.decision import Proposal, discretion_check, heavier_problems, notice_problems
from .rules.hearing import hearing_notice_problems, hearing_request_in_time
from .rules.limitation import limitation_check
from .rules.officers import officer_team_problems
from .rules.review import (
    ReviewGrounds,
    collective_discussion_reasons,
    legal_review_reasons,
    reviewer_problems,
)
from .rules.summary import cash_on_spot_allowed, summary_procedure_violations

NO_PENALTY_GROUNDS = frozenset({*NO_PENALTY_MANDATORY, Circumstance.FIRST_VIOLATION})


@dataclass
class GateContext:
    case: Case
    user: Any
    data: dict[str, Any]
    today: date
    officers: list[Officer]
    flags: dict[str, Any] = field(default_factory=dict)  # gates may set flags the effects record


Gate = Callable[[GateContext], list[str]]


def review_grounds(case: Case) -> ReviewGrounds:
    return ReviewGrounds(
        major_public_interest=case.major_public_interest,
        major_rights=case.major_rights,
        hearing_held=case.hearing_concluded_on is not None,
        complex_case=case.complex_case,
        other_law=case.other_law_review,
    )


def limitation(ctx: GateContext) -> list[str]:
    c = ctx.case
    result = limitation_check(
        act_on=c.act_on,
        act_ended_on=c.act_ended_on,
        discovered_on=c.discovered_on,
        life_health_or_financial_harm=c.life_health_or_financial_harm,
    )
    return [result.message] if result.expired else []


def officers(ctx: GateContext) -> list[str]:
    domain_codes = {id(o): {d.code for d in o.domains.all()} for o in ctx.officers}
    return officer_team_problems(
        ctx.officers, on=ctx.today, domain_codes=domain_codes, domain=ctx.case.sector or None
    )


def facts(ctx: GateContext) -> list[str]:
    return [] if ctx.case.facts.strip() else ["请填写违法事实（调查终结报告须载明）"]


def proposal(ctx: GateContext) -> list[str]:
    c = ctx.case
    kinds = set(c.proposed_kinds or [])
    problems: list[str] = []
    if not kinds:
        problems.append("请选择拟作出的处罚种类")
    unknown = kinds - set(PenaltyKind.values)
    if unknown:
        problems.append("处罚种类无效：" + "、".join(sorted(unknown)))
    if PenaltyKind.FINE in kinds and not (c.proposed_fine and c.proposed_fine > 0):
        problems.append("拟罚款的，请填写罚款金额")
    if kinds & {PenaltyKind.CONFISCATE_ILLEGAL_GAINS, PenaltyKind.CONFISCATE_ILLEGAL_PROPERTY} and not (
        c.proposed_confiscation and c.proposed_confiscation > 0
    ):
        problems.append("拟没收的，请填写没收金额或价值")
    return problems


def reviewer(ctx: GateContext) -> list[str]:
    """The reviewer is not a handler (SAMR 第50条); for 法制审核 also the qualification (第58条)."""
    handler_users = {o.user_id for o in ctx.officers}
    officer = getattr(ctx.user, "officer", None)  # RelatedObjectDoesNotExist is an AttributeError
    legal = bool(ctx.flags.get("legal_review"))
    return reviewer_problems(
        reviewer_name=str(getattr(officer, "name", None) or getattr(ctx.user, "username", "审核人")),
        has_legal_qualification=bool(officer and officer.has_legal_qualification),
        handled_case=ctx.user.pk in handler_users,
        legal_review=legal,
    )


def hearing_right(ctx: GateContext) -> list[str]:
    return (
        []
        if ctx.case.hearing_right
        else ["拟作出的处罚不属于听证范围（行政处罚法第六十三条），可告知当事人陈述、申辩"]
    )


def hearing_request_deadline_gate(ctx: GateContext) -> list[str]:
    c = ctx.case
    if c.notice_served_on is None or c.hearing_requested_on is None:
        return ["请填写告知书送达日和申请听证日"]
    if not hearing_request_in_time(notice_served_on=c.notice_served_on, requested_on=c.hearing_requested_on):
        return ["当事人应当在告知后五个工作日内提出听证申请，已逾期（行政处罚法第六十四条第一项）"]
    return []


def hearing_notice(ctx: GateContext) -> list[str]:
    c = ctx.case
    if c.hearing_notice_served_on is None or c.hearing_on is None:
        return ["请填写听证通知送达日和听证日期"]
    return hearing_notice_problems(notice_served_on=c.hearing_notice_served_on, hearing_on=c.hearing_on)


def notice(ctx: GateContext) -> list[str]:
    c = ctx.case
    window = case_period(
        "statement_window", on=c.notice_served_on or ctx.today, region_code=c.region_code, sector=c.sector
    )
    return notice_problems(
        notice_served_on=c.notice_served_on,
        today=ctx.today,
        window_working_days=window.amount,
        waived=c.statement_waived,
        hearing_requested=c.hearing_requested_on is not None,
        hearing_concluded=c.hearing_concluded_on is not None,
    )


def legal_review(ctx: GateContext) -> list[str]:
    c = ctx.case
    reasons = legal_review_reasons(review_grounds(c))
    if not reasons:
        return []
    if c.legal_reviewed_on is None:
        return ["本案须经法制审核后方可作出决定：" + "；".join(reasons)]
    grounds = review_grounds(c)
    if grounds.major_rights and c.hearing_concluded_on and c.legal_reviewed_on < c.hearing_concluded_on:
        return ["经过听证程序的，法制审核应在听证结束后进行（行政处罚法第五十八条第一款第二项）"]
    return []


def collective_discussion(ctx: GateContext) -> list[str]:
    c = ctx.case
    reduced = bool(
        c.discretion_lo is not None
        and c.decided_fine is not None
        and c.decided_fine < c.discretion_lo
        and ctx.data.get("reduced_below_minimum")
    )
    reasons = collective_discussion_reasons(
        complex_or_serious=c.serious_violation, reduced_below_minimum=reduced
    )
    if reasons and c.collective_discussed_on is None:
        return ["须经行政机关负责人集体讨论决定：" + "；".join(reasons)]
    return []


def _proposal(kinds: Any, fine: Any, confiscation: Any) -> Proposal:
    return Proposal.of(kinds or [], fine, confiscation)


def not_heavier(ctx: GateContext) -> list[str]:
    c = ctx.case
    return heavier_problems(
        notified=_proposal(c.proposed_kinds, c.proposed_fine, c.proposed_confiscation),
        decided=_proposal(c.decided_kinds, c.decided_fine, c.decided_confiscation),
        after_statement=c.statement_made or c.hearing_concluded_on is not None,
    )


def discretion(ctx: GateContext) -> list[str]:
    c = ctx.case
    check = discretion_check(
        fine=c.decided_fine,
        tier_lo=c.discretion_lo,
        tier_hi=c.discretion_hi,
        justification=c.discretion_reason,
    )
    if check.needs_justification:
        return [check.message]
    if not check.inside:
        ctx.flags["supervision_flag"] = check.message
    return []


def no_penalty_ground(ctx: GateContext) -> list[str]:
    ground = ctx.case.no_penalty_ground
    if ground not in NO_PENALTY_GROUNDS:
        return ["请选择不予处罚的法定情形（行政处罚法第三十条、第三十一条、第三十三条）"]
    if ground == Circumstance.FIRST_VIOLATION:
        return first_violation_problems(ctx.case, ctx.today)
    return []


def first_violation_problems(case: Case, today: date) -> list[str]:
    """首违不罚 (第33条第一款第二句): the party has no earlier penalty for the same violation, and where
    a 首违不罚清单 is in force for the province and sector, the case's power is on it."""
    from django.db.models import Q

    from .models import FirstViolationEntry

    same = Q(power_id=case.power_id) if case.power_id else Q(cause=case.cause)
    earlier = (
        Case.objects.filter(same, party_id=case.party_id, outcome=Outcome.PENALTY, decided_on__lte=today)
        .exclude(pk=case.pk)
        .values_list("number", flat=True)
        .first()
    )
    problems = []
    if earlier:
        problems.append(f"当事人曾因同一违法行为受到行政处罚（{earlier}），不属于初次违法")
    province = case.region_code[:2]
    lists = FirstViolationEntry.objects.filter(
        Q(valid_from__lte=today),
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        Q(province_code="") | Q(province_code=province),
        Q(sector="") | Q(sector=case.sector),
    )
    if lists.exists() and not (case.power_id and lists.filter(power_id=case.power_id).exists()):
        problems.append("本案违法行为不在适用的首违不罚清单内（行政处罚法第三十三条第一款）")
    return problems


def summary_limits(ctx: GateContext) -> list[str]:
    c = ctx.case
    limits = summary_limits_on(c.decided_on or ctx.today, region_code=c.region_code, sector=c.sector)
    return summary_procedure_violations(
        party_kind=c.party_kind, penalty_kinds=c.decided_kinds or [], fine=c.decided_fine, limits=limits
    )


def cash_on_spot(ctx: GateContext) -> list[str]:
    c = ctx.case
    if not c.cash_collected_on_spot:
        return []
    allowed, reason = cash_on_spot_allowed(
        summary=True,
        fine=c.decided_fine or Decimal(0),
        hard_to_enforce_later=bool(ctx.data.get("hard_to_enforce_later")),
        remote_area_party_request=bool(ctx.data.get("remote_area_party_request")),
    )
    return [] if allowed else [reason]


DECISION_OUTCOMES = ("penalty", "no_penalty")


def decision_proposal(ctx: GateContext) -> list[str]:
    """What the handler puts to the agency head (提请决定): a penalty inside the notice and the
    discretion tier, or a no-penalty ground — checked now on a copy, so the head is not asked to
    approve something the decision gates would refuse (第57条; 第30–33条; 第59条)."""
    from copy import copy

    from .services.effects import decide as apply_decision

    outcome = str(ctx.data.get("outcome") or "penalty")
    if outcome not in DECISION_OUTCOMES:
        return ["请选择拟作出的决定：给予行政处罚或不予行政处罚"]
    trial = copy(ctx.case)
    trial_ctx = GateContext(trial, ctx.user, ctx.data, ctx.today, ctx.officers)
    if outcome == "no_penalty":
        trial.no_penalty_ground = str(ctx.data.get("no_penalty_ground", "")).strip()
        problems = no_penalty_ground(trial_ctx)
        if not str(ctx.data.get("note", "")).strip():
            problems.append("请写明不予行政处罚的理由")
        return problems
    apply_decision(trial, {**ctx.data, "decided_on": ctx.today}, ctx.today)
    return not_heavier(trial_ctx) + discretion(trial_ctx) + decision_contents(trial_ctx)


def decision_contents(ctx: GateContext) -> list[str]:
    """处罚法第59条: the decision document must state the party, facts, evidence, kind and basis, how
    and by when to pay, the 复议/诉讼 routes and deadlines, the agency and the date."""
    from zhifa.documents.rules import decision_missing_fields

    from .paperwork import case_document_context

    context = case_document_context(ctx.case, today=ctx.today, decision=True)
    missing = decision_missing_fields(dict(context))
    return ["决定书缺少法定记载事项（行政处罚法第五十九条）：" + "、".join(missing)] if missing else []


def dossier_complete(ctx: GateContext) -> list[str]:
    """归档: the dossier holds everything its procedure requires (SAMR程序规定第78条; RECORDS §2.13),
    every served document has its 送达回证, evidence files and custody are intact, no drafts."""
    from zhifa.dossier.gaps import dossier_gaps

    from .dossier import case_dossier_requirement

    req = case_dossier_requirement(ctx.case)
    gaps = dossier_gaps(
        ctx.case,
        required_codes=req.required_codes,
        outcome_facts=req.outcome_facts,
        satisfied_codes=req.satisfied_codes,
    )
    return ["卷宗不完整，请先补录：" + "；".join(g.message for g in gaps)] if gaps else []


def executed_or_no_penalty(ctx: GateContext) -> list[str]:
    """结案 (SAMR程序规定第七十六条): the decision executed, nothing to execute, or handed to the court."""
    c = ctx.case
    if c.state == S.WITHDRAWN or c.outcome in (Outcome.NO_PENALTY, Outcome.WITHDRAWN) or c.executed_on:
        return []
    if c.court_applied_on:
        return []
    return ["处罚决定执行完毕或已申请人民法院强制执行后方可结案"]


def extension_configured(ctx: GateContext) -> list[str]:
    """处罚法第六十条: 90 days "法律、法规、规章另有规定的，从其规定" — an extension exists only where a
    rule provides one for the case's sector (CasePeriod decision_extension)."""
    from zhifa.core.errors import ValidationError as Invalid

    try:
        case_period(
            "decision_extension", on=ctx.today, region_code=ctx.case.region_code, sector=ctx.case.sector
        )
    except Invalid:
        return ["本领域没有延长办案期限的规定（行政处罚法第六十条），不能延长"]
    return []


def lead_clock(ctx: GateContext) -> list[str]:
    from zhifa.worklist.services import open_deadline

    running = open_deadline(ctx.case, "penalty.lead_verification") is not None
    return [] if running else ["本案没有正在计算的核查期限（仅有规定的领域适用，如市场监管第十八条）"]


def _remedy_open(case: Case) -> bool:
    from .execution import remedy_intervals

    intervals = remedy_intervals(case)
    return bool(intervals) and intervals[-1][1] is None


def remedy_not_pending(ctx: GateContext) -> list[str]:
    from .execution import REMEDY_KINDS
    from .services.effects import parse_date

    problems = [] if str(ctx.data.get("remedy_kind")) in REMEDY_KINDS else ["请选择行政复议或行政诉讼"]
    if _remedy_open(ctx.case):
        problems.append("已有未结束的复议或诉讼，请先登记其结果")
    if ctx.case.decided_on and parse_date(ctx.data["remedy_from"], "申请/起诉日") < ctx.case.decided_on:
        problems.append("申请/起诉日不能早于决定日")
    return problems


def remedy_pending(ctx: GateContext) -> list[str]:
    from .execution import remedy_intervals
    from .services.effects import parse_date

    intervals = remedy_intervals(ctx.case)
    if not intervals or intervals[-1][1] is not None:
        return ["没有未结束的复议或诉讼"]
    if parse_date(ctx.data["remedy_to"], "结束日") < intervals[-1][0]:
        return ["结束日不能早于申请/起诉日"]
    return []


def payment_due_on(case: Case) -> date | None:
    """The last day to pay: 15 days from receipt (第67条), or the approved deferral (第66条第二款)."""
    from .rules.execution import payment_due

    if case.decision_served_on is None:
        return None
    due = payment_due(case.decision_served_on, strict=False)
    return max(due, case.payment_deferred_to) if case.payment_deferred_to else due


def deferral(ctx: GateContext) -> list[str]:
    c = ctx.case
    if not c.decided_fine or c.executed_on:
        return ["没有待缴纳的罚款，无需延期"]
    wanted = ctx.data.get("deferred_to")
    due = payment_due_on(c)
    if wanted and due:
        from .services.effects import parse_date

        if parse_date(wanted, "延期缴纳至") <= due:
            return [f"延期缴纳的期限应晚于原缴款期限{due:%Y年%m月%d日}"]
    return []


def instalments(ctx: GateContext) -> list[str]:
    from .rules.execution import instalment_problems
    from .services.effects import _plan

    c = ctx.case
    due = payment_due_on(c)
    if not c.decided_fine or c.executed_on or due is None or c.decision_served_on is None:
        return ["没有待缴纳的罚款，无需分期"]
    if c.payment_plan:
        return ["已批准分期缴纳计划"]
    return instalment_problems(
        _plan(ctx.data), fine=c.decided_fine, served_on=c.decision_served_on, due_on=due
    )


def instalment_payment(ctx: GateContext) -> list[str]:
    c = ctx.case
    if not c.payment_plan:
        return ["本案没有批准的分期缴纳计划，请直接登记缴款"]
    if c.decided_fine is not None and (c.paid_amount or 0) >= c.decided_fine:
        return ["分期缴款合计已达罚款数额，请登记缴款完毕"]
    return []


def payment_overdue(ctx: GateContext) -> list[str]:
    """强制法第五十四条: 催告 once the party has not performed within the time the decision set."""
    c = ctx.case
    if not c.decided_fine or c.executed_on:
        return ["罚款已缴纳或无罚款，无需催告"]
    due = payment_due_on(c)
    if due is None or ctx.today <= due:
        when = "" if due is None else f"{due:%Y年%m月%d日}"
        return [f"缴款期限{when}尚未届满，不能催告（行政强制法第五十四条）"]
    return []


def court_application(ctx: GateContext) -> list[str]:
    """强制法第五十三条、第五十四条: after 催告 + 10 WD and the 复议/诉讼 periods, within 3 months."""
    from .rules.execution import court_application_problems, court_application_window

    c = ctx.case
    if c.decision_served_on is None or c.court_applied_on is None:
        return ["决定书尚未送达"]
    if c.executed_on:
        return ["罚款已缴纳，无需申请强制执行"]
    window = court_application_window(
        decision_received_on=c.decision_served_on,
        demand_served_on=c.demand_served_on,
        deferral_ends_on=c.payment_deferred_to,
        strict=False,
    )
    return court_application_problems(
        window=window, demand_served_on=c.demand_served_on, applying_on=c.court_applied_on
    )


GATES: dict[str, Gate] = {
    "limitation": limitation,
    "officers": officers,
    "facts": facts,
    "proposal": proposal,
    "reviewer": reviewer,
    "hearing_right": hearing_right,
    "hearing_request_in_time": hearing_request_deadline_gate,
    "hearing_notice": hearing_notice,
    "notice": notice,
    "legal_review": legal_review,
    "collective_discussion": collective_discussion,
    "not_heavier": not_heavier,
    "discretion": discretion,
    "no_penalty_ground": no_penalty_ground,
    "summary_limits": summary_limits,
    "cash_on_spot": cash_on_spot,
    "executed_or_no_penalty": executed_or_no_penalty,
    "decision_proposal": decision_proposal,
    "decision_contents": decision_contents,
    "dossier_complete": dossier_complete,
    "extension_configured": extension_configured,
    "lead_clock": lead_clock,
    "remedy_not_pending": remedy_not_pending,
    "instalments": instalments,
    "instalment_payment": instalment_payment,
    "remedy_pending": remedy_pending,
    "deferral": deferral,
    "payment_overdue": payment_overdue,
    "court_application": court_application,
}
