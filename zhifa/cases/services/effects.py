"""What each action writes on the case (applied to the unsaved row before the gates run).

Input values arrive as strings (forms) or typed (API); `parse_*` turn them into dates, amounts and
kind lists with Chinese errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from zhifa.core.errors import ValidationError

from ..choices import CaseState, Outcome
from ..config import hearing_thresholds_on
from ..models import Case
from ..paperwork.issue import case_service_input
from ..parsing import parse_amount, parse_date, parse_kinds
from ..rules.hearing import hearing_right


def apply_discretion_tier(case: Case, tier_id: Any, base: Any) -> None:
    """The range the chosen tier of a published 裁量基准 recommends (处罚法第34条; 国办发〔2022〕27号):
    the tier of a standard of the case's own unit or a superior unit, for the case's power when it has
    one; its provisions fill the case's 违法依据/处罚依据 when those are still empty."""
    from zhifa.legal.models import DiscretionTier
    from zhifa.legal.models.discretion import DiscretionStatus
    from zhifa.legal.rules.discretion import tier_range
    from zhifa.orgs.scopes import organisation_ancestor_ids

    try:
        pk = int(tier_id)
    except (TypeError, ValueError):
        raise ValidationError("裁量档次无效") from None
    units = [case.organisation_id, *organisation_ancestor_ids(case.organisation_id)]
    tier = (
        DiscretionTier.objects.select_related("standard")
        .filter(pk=pk, standard__status=DiscretionStatus.PUBLISHED, standard__organisation_id__in=units)
        .first()
    )
    if tier is None:
        raise ValidationError("裁量档次不存在，或其裁量基准未发布、不适用于本单位")
    standard = tier.standard
    if case.power_id and standard.power_id and standard.power_id != case.power_id:
        raise ValidationError("所选裁量基准不属于本案的执法职权")
    lo, hi = tier_range(tier.as_spec(), parse_amount(base, "计算基数"))
    case.discretion_tier = tier
    case.discretion_lo, case.discretion_hi = lo, hi
    if not case.basis_violation:
        case.basis_violation = standard.violated_provision
    if not case.basis_penalty:
        case.basis_penalty = standard.penalty_provision


def _proposal(case: Case, data: dict[str, Any]) -> None:
    if "proposed_kinds" in data:
        case.proposed_kinds = parse_kinds(data["proposed_kinds"])
    if "proposed_fine" in data:
        case.proposed_fine = parse_amount(data["proposed_fine"], "拟罚款金额")
    if "proposed_confiscation" in data:
        case.proposed_confiscation = parse_amount(data["proposed_confiscation"], "拟没收金额")
    if "discretion_lo" in data:
        case.discretion_lo = parse_amount(data["discretion_lo"], "裁量幅度下限")
    if "discretion_hi" in data:
        case.discretion_hi = parse_amount(data["discretion_hi"], "裁量幅度上限")
    if "discretion_reason" in data:
        case.discretion_reason = str(data["discretion_reason"]).strip()
    for key in ("facts", "evidence_summary", "basis_violation", "basis_penalty"):
        if key in data:
            setattr(case, key, str(data[key]).strip())
    if data.get("discretion_tier"):
        apply_discretion_tier(case, data["discretion_tier"], data.get("discretion_base"))


def conclude_investigation(case: Case, data: dict[str, Any], today: date) -> None:
    _proposal(case, data)
    case.investigation_concluded_on = today


def notify(case: Case, data: dict[str, Any], today: date) -> None:
    _proposal(case, data)
    # the date service takes effect (公告: 30 days later; 邮寄: the receipt's date) starts the window
    case.notice_served_on = case_service_input(case, data, "served_on").effective_on
    thresholds = hearing_thresholds_on(
        case.notice_served_on, region_code=case.region_code, sector=case.sector
    )
    right = hearing_right(
        party_kind=case.party_kind,
        penalty_kinds=case.proposed_kinds,
        fine=case.proposed_fine,
        confiscation_value=case.proposed_confiscation,
        thresholds=thresholds,
    )
    case.hearing_right = right.applies


def approve_open(case: Case, data: dict[str, Any], today: date) -> None:
    case.opened_on = today


def record_statement(case: Case, data: dict[str, Any], today: date) -> None:
    case.statement_made = True


def waive_statement(case: Case, data: dict[str, Any], today: date) -> None:
    case.statement_waived = True


def request_hearing(case: Case, data: dict[str, Any], today: date) -> None:
    case.hearing_requested_on = parse_date(data["requested_on"], "申请听证日")


def schedule_hearing(case: Case, data: dict[str, Any], today: date) -> None:
    case.hearing_notice_served_on = case_service_input(case, data, "notice_served_on").effective_on
    case.hearing_on = parse_date(data["hearing_on"], "听证日期")


def hold_hearing(case: Case, data: dict[str, Any], today: date) -> None:
    concluded = parse_date(data["concluded_on"], "听证结束日")
    if case.hearing_on and concluded < case.hearing_on:
        raise ValidationError("听证结束日不能早于听证日期")
    case.hearing_concluded_on = concluded


def legal_review_pass(case: Case, data: dict[str, Any], today: date) -> None:
    case.legal_reviewed_on = today


def record_collective_discussion(case: Case, data: dict[str, Any], today: date) -> None:
    case.collective_discussed_on = parse_date(data["discussed_on"], "集体讨论日")


def decide(case: Case, data: dict[str, Any], today: date) -> None:
    case.decided_on = parse_date(data["decided_on"], "决定日")
    case.decided_kinds = parse_kinds(data.get("decided_kinds", case.proposed_kinds))
    fine = data.get("decided_fine", case.proposed_fine)
    case.decided_fine = parse_amount(fine, "罚款金额")
    confiscation = data.get("decided_confiscation", case.proposed_confiscation)
    case.decided_confiscation = parse_amount(confiscation, "没收金额")
    if "discretion_reason" in data:
        case.discretion_reason = str(data["discretion_reason"]).strip()
    case.outcome = Outcome.PENALTY


def decide_no_penalty(case: Case, data: dict[str, Any], today: date) -> None:
    case.decided_on = parse_date(data["decided_on"], "决定日")
    case.no_penalty_ground = str(data.get("no_penalty_ground", "")).strip()
    case.decided_kinds, case.decided_fine, case.decided_confiscation = [], None, None
    case.outcome = Outcome.NO_PENALTY


def decide_on_spot(case: Case, data: dict[str, Any], today: date) -> None:
    _proposal(
        case,
        {
            k: v
            for k, v in data.items()
            if k in ("facts", "evidence_summary", "basis_violation", "basis_penalty")
        },
    )
    decide(case, {**data, "decided_kinds": data.get("decided_kinds", [])}, today)
    case.cash_collected_on_spot = bool(data.get("cash_collected"))
    case.decision_served_on = case.decided_on  # 当场交付 (处罚法 第52条)


def serve_decision(case: Case, data: dict[str, Any], today: date) -> None:
    service = case_service_input(case, data, "served_on")
    if case.decided_on and service.served_on < case.decided_on:
        raise ValidationError("送达日不能早于决定日")
    case.decision_served_on = service.effective_on


def record_payment(case: Case, data: dict[str, Any], today: date) -> None:
    case.executed_on = parse_date(data["paid_on"], "缴款日")
    if case.payment_plan:  # the last instalment completes the earlier ones
        already = case.paid_amount or Decimal(0)
        rest = (case.decided_fine or Decimal(0)) - already
        case.paid_amount = already + (parse_amount(data.get("paid_amount", rest), "缴款金额") or Decimal(0))
        return
    case.paid_amount = parse_amount(data.get("paid_amount", case.decided_fine), "缴款金额")


def transfer(case: Case, data: dict[str, Any], today: date) -> None:
    case.outcome = Outcome.TRANSFER


def withdraw(case: Case, data: dict[str, Any], today: date) -> None:
    case.outcome = Outcome.WITHDRAWN


def decline(case: Case, data: dict[str, Any], today: date) -> None:
    case.outcome = Outcome.DECLINED


def close(case: Case, data: dict[str, Any], today: date) -> None:
    case.closed_on = today


def grant_deferral(case: Case, data: dict[str, Any], today: date) -> None:
    case.payment_deferred_to = parse_date(data["deferred_to"], "延期缴纳至")


def request_deferral(case: Case, data: dict[str, Any], today: date) -> None:
    parse_date(data["deferred_to"], "延期缴纳至")  # a clear error now, not at the approval


def _plan(data: dict[str, Any]) -> list[Any]:
    from ..rules.execution import parse_instalments

    try:
        return parse_instalments(str(data.get("instalments", "")))
    except ValueError as exc:
        raise ValidationError(f"分期计划有误：{exc}") from None


def request_instalments(case: Case, data: dict[str, Any], today: date) -> None:
    _plan(data)  # a clear error now, not at the approval


def grant_instalments(case: Case, data: dict[str, Any], today: date) -> None:
    plan = _plan(data)
    case.payment_plan = [{"due_on": i.due_on.isoformat(), "amount": str(i.amount)} for i in plan]
    case.payment_deferred_to = plan[-1].due_on


def record_instalment_payment(case: Case, data: dict[str, Any], today: date) -> None:
    amount = parse_amount(data["paid_amount"], "缴款金额") or Decimal(0)
    case.paid_amount = (case.paid_amount or Decimal(0)) + amount


def demand_payment(case: Case, data: dict[str, Any], today: date) -> None:
    case.demand_served_on = case_service_input(case, data, "served_on").effective_on


def apply_to_court(case: Case, data: dict[str, Any], today: date) -> None:
    case.court_applied_on = parse_date(data["applied_on"], "申请日期")


def return_close(case: Case, data: dict[str, Any], today: date) -> None:
    """结案审批不同意: the case goes back to where it was before 提请结案."""
    if case.outcome == Outcome.WITHDRAWN:
        case.state = CaseState.WITHDRAWN
    elif case.executed_on:
        case.state = CaseState.EXECUTED
    else:
        case.state = CaseState.SERVED


def archive(case: Case, data: dict[str, Any], today: date) -> None:
    case.archived_on = today


EFFECTS: dict[str, Callable[[Case, dict[str, Any], date], None]] = {
    "approve_open": approve_open,
    "conclude_investigation": conclude_investigation,
    "notify": notify,
    "record_statement": record_statement,
    "waive_statement": waive_statement,
    "request_hearing": request_hearing,
    "schedule_hearing": schedule_hearing,
    "hold_hearing": hold_hearing,
    "legal_review_pass": legal_review_pass,
    "record_collective_discussion": record_collective_discussion,
    "decide": decide,
    "decide_no_penalty": decide_no_penalty,
    "decide_on_spot": decide_on_spot,
    "serve_decision": serve_decision,
    "record_payment": record_payment,
    "transfer_out": transfer,
    "withdraw": withdraw,
    "decline": decline,
    "close": close,
    "return_close": return_close,
    "request_deferral": request_deferral,
    "grant_deferral": grant_deferral,
    "request_instalments": request_instalments,
    "grant_instalments": grant_instalments,
    "record_instalment_payment": record_instalment_payment,
    "demand_payment": demand_payment,
    "apply_to_court": apply_to_court,
    "archive": archive,
}
