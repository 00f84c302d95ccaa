"""Case approvals as zhifa.worklist approval runs (审批表 → 承办机构负责人 → 法制审核 → 机关负责人).

An action marked `approval=` in procedures.py starts a run once it succeeds; each step is a queue
task for the step's role at the case's unit (the leader and legal-review queues), each decision is
SM2-signed over the signed summary. When the run finishes, the type's hook takes the reserved
`by_approval` action as the user who decided the last step; a refusal takes the return action with
the refusal's reason. Chains per organisation are configured in the worklist's ApprovalChain
table; the defaults below apply until a unit configures its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from zhifa.core.audit import Actor
from zhifa.worklist.models import ApprovalDecision, ApprovalRun
from zhifa.worklist.registry import ApprovalStepSpec, register_approval_type
from zhifa.worklist.services import approval_start

from ..models import Case, CaseEvent, CaseHandler
from ..procedures import Action
from ..rules.review import reviewer_problems
from .transition import case_transition_by_approval

LEADER = ApprovalStepSpec("team_leader", "承办机构负责人审核")
LEGAL = ApprovalStepSpec("legal_reviewer", "法制审核")
HEAD = ApprovalStepSpec("agency_head", "行政机关负责人审批")


@dataclass(frozen=True)
class CaseApproval:
    code: str
    name: str
    steps: tuple[ApprovalStepSpec, ...]
    approve: str  # the by_approval action taken when the run is approved
    reject: str  # … and when it is refused or withdrawn (with the reason as its note)
    separated: bool = False  # 审查分离: no handler of the case may decide a step
    submit: str = ""  # the action that starts the run, whose input the approved action takes over


APPROVALS: dict[str, CaseApproval] = {
    a.code: a
    for a in (
        # 处罚法第54条第2款; SAMR程序规定第19条: 立案 by the agency's 负责人.
        CaseApproval("cases.open", "立案审批", (LEADER, HEAD), "approve_open", "reject_open"),
        # SAMR程序规定第50条: 审核 by someone who did not handle the case.
        CaseApproval("cases.review", "案件审核", (LEADER,), "pass_review", "return_review", separated=True),
        # 处罚法第58条: 法制审核 by a qualified reviewer who did not handle the case.
        CaseApproval(
            "cases.legal_review",
            "法制审核",
            (LEGAL,),
            "legal_review_pass",
            "return_legal_review",
            separated=True,
        ),
        # 处罚法第57条: 行政机关负责人 reviews and decides; the outcome comes from the submission.
        CaseApproval("cases.decision", "行政处罚决定审批", (LEADER, HEAD), "decide", "return_decision"),
        # SAMR程序规定第76条: 结案审批.
        CaseApproval("cases.close", "结案审批", (LEADER,), "close", "return_close"),
        # SAMR程序规定第18条: 经负责人批准 the verification of a lead may take 15 more WD.
        CaseApproval(
            "cases.lead_extension",
            "延长核查期限审批",
            (HEAD,),
            "extend_lead_verification",
            "return_lead_extension",
        ),
        # SAMR程序规定第64条: 经行政机关负责人批准 the period is extended.
        CaseApproval(
            "cases.decision_extension",
            "延长办案期限审批",
            (HEAD,),
            "extend_decision_period",
            "return_extension",
        ),
        # 处罚法第66条第二款: 延期或者分期缴纳 on the party's application and the agency's approval.
        CaseApproval(
            "cases.deferral",
            "延期缴纳罚款审批",
            (HEAD,),
            "grant_deferral",
            "refuse_deferral",
            submit="request_deferral",
        ),
        CaseApproval(
            "cases.instalments",
            "分期缴纳罚款审批",
            (HEAD,),
            "grant_instalments",
            "refuse_instalments",
            submit="request_instalments",
        ),
        # SAMR程序规定第78条: the complete file, approved and numbered, goes to the archive.
        CaseApproval(
            "cases.archive",
            "归档审批",
            (ApprovalStepSpec("team_leader", "承办机构负责人审核归档"),),
            "archive",
            "return_archive",
        ),
    )
}

NO_PENALTY_GROUND_LABELS = {
    "under_14": "不满十四周岁（第三十条）",
    "mental_incapacity": "不能辨认或控制自己行为（第三十一条）",
    "minor_corrected": "违法行为轻微并及时改正，没有造成危害后果（第三十三条第一款）",
    "first_violation": "初次违法且危害后果轻微并及时改正（第三十三条第一款）",
    "no_fault": "没有主观过错（第三十三条第二款）",
}
OUTCOME_LABELS = {"penalty": "给予行政处罚", "no_penalty": "不予行政处罚"}


def _summary(case: Case, act: Action, data: dict[str, Any]) -> dict[str, str]:
    """What the approvers read and sign: the case, the request and the proposal (display form)."""
    summary = {
        "案件编号": case.number,
        "当事人": case.party_name,
        "案由": case.cause,
        "提请事项": act.label,
    }
    if case.proposed_kinds:
        from zhifa.legal.rules.discretion import PenaltyKind

        summary["拟处罚种类"] = "、".join(PenaltyKind(k).label for k in case.proposed_kinds)
    if case.proposed_fine is not None:
        summary["拟罚款（元）"] = str(case.proposed_fine)
    if case.proposed_confiscation is not None:
        summary["拟没收（元）"] = str(case.proposed_confiscation)
    if case.discretion_lo is not None or case.discretion_hi is not None:
        summary["裁量幅度（元）"] = f"{case.discretion_lo or '—'} 至 {case.discretion_hi or '—'}"
    if act.approval == "cases.decision":
        summary["拟作出决定"] = OUTCOME_LABELS.get(str(data.get("outcome") or "penalty"), "")
        if data.get("decided_fine") not in (None, ""):
            summary["决定罚款（元）"] = str(data["decided_fine"])
        if data.get("no_penalty_ground") and data.get("outcome") == "no_penalty":
            ground = str(data["no_penalty_ground"])
            summary["不予处罚情形"] = NO_PENALTY_GROUND_LABELS.get(ground, ground)
        if data.get("discretion_reason"):
            summary["裁量理由"] = str(data["discretion_reason"])
    if str(data.get("note", "")).strip():
        summary["承办人意见"] = str(data["note"]).strip()
    return summary


def case_approval_start(*, actor: Actor, case: Case, act: Action, data: dict[str, Any]) -> ApprovalRun:
    return approval_start(
        actor=actor,
        subject=case,
        organisation=case.organisation,
        approval_type=act.approval,
        summary=_summary(case, act, data),
    )


def _last_decision(run: ApprovalRun) -> ApprovalDecision:
    decision = run.decisions.select_related("decided_by").order_by("-step_index").first()
    assert decision is not None  # a run finishes only through a decision
    return decision


def _decision_input(run: ApprovalRun, decided_on: date) -> tuple[str, dict[str, Any]]:
    """The decision the head approved is the one submitted: read it back from the 提请决定 event."""
    submitted = (
        CaseEvent.objects.filter(case_id=run.subject_id, action="submit_decision").order_by("-id").first()
    )
    payload = dict(submitted.payload) if submitted else {}
    note = submitted.note if submitted else ""
    data: dict[str, Any] = {k: v for k, v in payload.items() if v not in ("", "None")}
    data["decided_on"] = decided_on
    if payload.get("outcome") == "no_penalty":
        return "decide_no_penalty", {**data, "note": note}
    return "decide", {k: v for k, v in data.items() if k != "outcome"}


def _submitted(run: ApprovalRun, action: str) -> dict[str, Any]:
    """The input of the request the run approves, as the timeline recorded it."""
    event = CaseEvent.objects.filter(case_id=run.subject_id, action=action).order_by("-id").first()
    return {k: v for k, v in (event.payload if event else {}).items() if v not in ("", "None")}


def _finished(*, run: ApprovalRun, actor: Actor) -> None:
    spec = APPROVALS[run.approval_type]
    last = _last_decision(run)
    today = timezone.localtime(last.decided_at).date()
    if run.status == "approved":
        action, data = spec.approve, {"note": last.comment}
        if spec.submit:
            data = {**_submitted(run, spec.submit), "note": last.comment}
        if spec.code == "cases.decision":
            action, data = _decision_input(run, today)
    else:
        action, data = spec.reject, {"note": last.comment or "审批不同意"}
    case_transition_by_approval(
        actor=actor, user=last.decided_by, case_id=run.subject_id, action=action, data=data, today=today
    )


def _withdrawn(*, run: ApprovalRun, actor: Actor) -> None:
    """The submitter took the request back: the case returns to where it was before."""
    spec = APPROVALS[run.approval_type]
    case_transition_by_approval(
        actor=actor, user=None, case_id=run.subject_id, action=spec.reject, data={"note": "承办人撤回审批"}
    )


def _eligibility(user: Any, run: ApprovalRun, step_index: int) -> str | None:
    """审查分离: the reviewer of a case is not one of its handlers; 法制审核 also needs the 法律职业资格."""
    spec = APPROVALS[run.approval_type]
    if not spec.separated:
        return None
    step = run.steps[step_index]
    officer = getattr(user, "officer", None)
    handled = CaseHandler.objects.filter(case_id=run.subject_id, user_id=user.pk).exists()
    problems = reviewer_problems(
        reviewer_name=str(getattr(officer, "name", None) or user.username),
        has_legal_qualification=bool(officer and officer.has_legal_qualification),
        handled_case=handled,
        legal_review=step["role"] == LEGAL.role,
    )
    return problems[0] if problems else None


def register_case_approvals() -> None:
    """Called from CasesConfig.ready()."""
    for spec in APPROVALS.values():
        register_approval_type(
            spec.code,
            spec.name,
            on_finished=_finished,
            eligibility=_eligibility,
            default_steps=spec.steps,
            on_withdrawn=_withdrawn,
        )
