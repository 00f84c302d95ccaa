"""Procedure definitions as versioned data (ARCHITECTURE §5): stages, the actions that move a case
between states, the permission each needs and the gates each checks. A case is pinned to the
version in force on the day it was registered (`Case.procedure_version`); a new version is a new
entry here, never an edit of an old one.

Gates are named here and implemented in `gates.py`; effects (dates, deadlines, documents) in
`services/effects.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .choices import CaseState as S
from .choices import ProcedureKind
from .permissions import CasePerm


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: the state does not change (a recorded fact)
    perm: str
    gates: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()  # input fields that must be given
    style: str = ""  # "primary" / "danger" for the buttons
    approval: str = ""  # the approval type (worklist) this action starts once it succeeds
    by_approval: bool = False  # taken only when an approval run finishes, never offered directly


@dataclass(frozen=True)
class Procedure:
    kind: str
    version: str
    valid_from: date
    name: str
    stages: tuple[tuple[str, str], ...]
    actions: dict[str, Action] = field(default_factory=dict)

    def action(self, code: str) -> Action | None:
        return self.actions.get(code)


def _actions(*actions: Action) -> dict[str, Action]:
    return {a.code: a for a in actions}


def _from(*states: str) -> frozenset[str]:
    return frozenset(states)


BEFORE_DECISION = (
    S.REGISTERED,
    S.OPENING,
    S.INVESTIGATING,
    S.INVESTIGATION_CONCLUDED,
    S.IN_REVIEW,
    S.REVIEWED,
    S.NOTIFIED,
    S.HEARING_REQUESTED,
    S.HEARING_SCHEDULED,
    S.HEARING_HELD,
)

# 法制审核 is asked for once the facts and the proposal stand, before the decision (处罚法第58条).
LEGAL_REVIEW_STATES = (S.REVIEWED, S.NOTIFIED, S.HEARING_REQUESTED, S.HEARING_SCHEDULED, S.HEARING_HELD)

# 办案期限 may be extended while the case is being handled, before the decision (处罚法第60条 "另有规定").
EXTENSION_STATES = (
    S.INVESTIGATING,
    S.INVESTIGATION_CONCLUDED,
    S.IN_REVIEW,
    S.REVIEWED,
    S.NOTIFIED,
    S.HEARING_REQUESTED,
    S.HEARING_SCHEDULED,
    S.HEARING_HELD,
    S.DECIDING,
)

# 一般程序 (行政处罚法 第五章第三节 第54–65条; 第四节 听证; 第六章 执行; spec/01 §2.2.2 ten stages).
GENERAL_2021 = Procedure(
    kind=ProcedureKind.GENERAL,
    version="2021.1",
    valid_from=date(2021, 7, 15),
    name="行政处罚一般程序（2021年修订行政处罚法）",
    stages=(
        ("register", "登记"),
        ("open", "立案"),
        ("investigate", "调查取证"),
        ("review", "审核"),
        ("notify", "告知"),
        ("hearing", "陈述申辩/听证"),
        ("decide", "决定"),
        ("serve", "送达"),
        ("execute", "执行"),
        ("close", "结案归档"),
    ),
    actions=_actions(
        Action(
            "open",
            "提请立案",
            _from(S.REGISTERED),
            S.OPENING,
            CasePerm.HANDLE,
            gates=("limitation", "officers"),
            style="primary",
            approval="cases.open",  # 立案审批 (处罚法第54条第2款; SAMR程序规定第19条 负责人批准)
        ),
        Action(
            "approve_open",
            "批准立案",
            _from(S.OPENING),
            S.INVESTIGATING,
            CasePerm.APPROVE,
            gates=("limitation", "officers"),
            style="primary",
            by_approval=True,
        ),
        Action(
            "request_lead_extension",
            "申请延长核查期限",
            _from(S.REGISTERED),
            None,
            CasePerm.HANDLE,
            requires=("note",),
            gates=("lead_clock",),
            approval="cases.lead_extension",  # SAMR程序规定第18条: 经负责人批准延长十五个工作日
        ),
        Action(
            "extend_lead_verification",
            "延长核查期限",
            _from(S.REGISTERED),
            None,
            CasePerm.APPROVE,
            by_approval=True,
        ),
        Action(
            "return_lead_extension",
            "不予延长核查期限",
            _from(S.REGISTERED),
            None,
            CasePerm.APPROVE,
            requires=("note",),
            by_approval=True,
        ),
        Action(
            "reject_open",
            "退回立案",
            _from(S.OPENING),
            S.REGISTERED,
            CasePerm.APPROVE,
            requires=("note",),
            by_approval=True,
        ),
        Action(
            "decline",
            "不予立案",
            _from(S.REGISTERED, S.OPENING),
            S.DECLINED,
            CasePerm.APPROVE,
            requires=("note",),
            style="danger",
        ),
        Action(
            "conclude_investigation",
            "调查终结",
            _from(S.INVESTIGATING),
            S.INVESTIGATION_CONCLUDED,
            CasePerm.HANDLE,
            gates=("officers", "facts", "proposal"),
            style="primary",
        ),
        Action(
            "submit_review",
            "提交审核",
            _from(S.INVESTIGATION_CONCLUDED),
            S.IN_REVIEW,
            CasePerm.HANDLE,
            style="primary",
            approval="cases.review",  # 案件审核 (SAMR程序规定第50条)
        ),
        Action(
            "pass_review",
            "审核通过",
            _from(S.IN_REVIEW),
            S.REVIEWED,
            CasePerm.APPROVE,
            gates=("reviewer",),
            style="primary",
            by_approval=True,
        ),
        Action(
            "return_review",
            "退回补充调查",
            _from(S.IN_REVIEW),
            S.INVESTIGATING,
            CasePerm.APPROVE,
            requires=("note",),
            by_approval=True,
        ),
        Action(
            "notify",
            "告知当事人",
            _from(S.REVIEWED),
            S.NOTIFIED,
            CasePerm.HANDLE,
            gates=("proposal", "limitation"),
            requires=("served_on",),
            style="primary",
        ),
        Action(
            "record_statement", "记录陈述申辩", _from(S.NOTIFIED), None, CasePerm.HANDLE, requires=("note",)
        ),
        Action(
            "waive_statement",
            "当事人放弃陈述申辩",
            _from(S.NOTIFIED),
            None,
            CasePerm.HANDLE,
            requires=("note",),
        ),
        Action(
            "request_hearing",
            "当事人申请听证",
            _from(S.NOTIFIED),
            S.HEARING_REQUESTED,
            CasePerm.HANDLE,
            gates=("hearing_right", "hearing_request_in_time"),
            requires=("requested_on",),
        ),
        Action(
            "schedule_hearing",
            "通知听证",
            _from(S.HEARING_REQUESTED),
            S.HEARING_SCHEDULED,
            CasePerm.HANDLE,
            gates=("hearing_notice",),
            requires=("notice_served_on", "hearing_on"),
        ),
        Action(
            "hold_hearing",
            "听证结束",
            _from(S.HEARING_SCHEDULED),
            S.HEARING_HELD,
            CasePerm.HANDLE,
            requires=("concluded_on",),
        ),
        Action(
            "submit_legal_review",
            "提请法制审核",
            _from(*LEGAL_REVIEW_STATES),
            None,
            CasePerm.HANDLE,
            gates=("proposal",),
            approval="cases.legal_review",  # 处罚法第58条
        ),
        Action(
            "legal_review_pass",
            "法制审核通过",
            _from(*LEGAL_REVIEW_STATES),
            None,
            CasePerm.LEGAL_REVIEW,
            gates=("reviewer",),
            by_approval=True,
        ),
        Action(
            "return_legal_review",
            "法制审核退回",
            _from(*LEGAL_REVIEW_STATES),
            None,
            CasePerm.LEGAL_REVIEW,
            requires=("note",),
            by_approval=True,
        ),
        Action(
            "record_collective_discussion",
            "记录集体讨论",
            _from(S.NOTIFIED, S.HEARING_HELD, S.DECIDING),
            None,
            CasePerm.DECIDE,
            requires=("discussed_on", "note"),
        ),
        Action(
            "submit_decision",
            "提请决定",
            _from(S.NOTIFIED, S.HEARING_HELD),
            S.DECIDING,
            CasePerm.HANDLE,
            gates=("notice", "legal_review", "officers", "decision_proposal"),
            style="primary",
            approval="cases.decision",  # 处罚法第57条 行政机关负责人审查决定
        ),
        Action(
            "decide",
            "作出处罚决定",
            _from(S.DECIDING),
            S.DECIDED,
            CasePerm.DECIDE,
            gates=(
                "notice",
                "not_heavier",
                "discretion",
                "collective_discussion",
                "limitation",
                "decision_contents",
            ),
            requires=("decided_on",),
            style="primary",
            by_approval=True,
        ),
        Action(
            "decide_no_penalty",
            "不予行政处罚",
            _from(S.DECIDING),
            S.DECIDED,
            CasePerm.DECIDE,
            gates=("no_penalty_ground",),
            requires=("decided_on", "note"),
            by_approval=True,
        ),
        Action(
            "return_decision",
            "退回",
            _from(S.DECIDING),
            S.NOTIFIED,
            CasePerm.DECIDE,
            requires=("note",),
            by_approval=True,
        ),
        Action(  # taken by zhifa.transfers when the receiver accepts (行政移送) or the police 立案 (310令)
            "transfer_out",
            "移送（接收机关已接收）",
            _from(*BEFORE_DECISION, S.DECIDING),
            S.TRANSFERRED,
            CasePerm.APPROVE,
            requires=("note",),
            by_approval=True,
        ),
        Action(
            "withdraw",
            "撤案/终止",
            _from(*BEFORE_DECISION, S.DECIDING),
            S.WITHDRAWN,
            CasePerm.APPROVE,
            requires=("note",),
            style="danger",
        ),
        Action(
            "request_extension",
            "申请延长办案期限",
            _from(*EXTENSION_STATES),
            None,
            CasePerm.HANDLE,
            gates=("extension_configured",),
            requires=("note",),
            approval="cases.decision_extension",  # SAMR程序规定第64条: 经负责人批准
        ),
        Action(
            "extend_decision_period",
            "延长办案期限",
            _from(*EXTENSION_STATES),
            None,
            CasePerm.DECIDE,
            gates=("extension_configured",),
            by_approval=True,
        ),
        Action(
            "return_extension",
            "不予延长办案期限",
            _from(*EXTENSION_STATES),
            None,
            CasePerm.DECIDE,
            requires=("note",),
            by_approval=True,
        ),
        Action(
            "suspend_decision_period",
            "期间不计入办案期限（检测、公告等）",
            _from(*EXTENSION_STATES),
            None,
            CasePerm.HANDLE,
            requires=("suspension_reason", "suspended_on"),
        ),
        Action(
            "resume_decision_period",
            "恢复计算办案期限",
            _from(*EXTENSION_STATES),
            None,
            CasePerm.HANDLE,
            requires=("resumed_on",),
        ),
        Action(
            "serve_decision",
            "决定书送达",
            _from(S.DECIDED),
            S.SERVED,
            CasePerm.HANDLE,
            requires=("served_on",),
            style="primary",
        ),
        Action(
            "record_payment",
            "登记缴款/履行",
            _from(S.SERVED),
            S.EXECUTED,
            CasePerm.HANDLE,
            requires=("paid_on",),
            style="primary",
        ),
        Action(
            "request_deferral",
            "当事人申请延期缴纳罚款",
            _from(S.SERVED),
            None,
            CasePerm.HANDLE,
            gates=("deferral",),
            requires=("deferred_to", "note"),
            approval="cases.deferral",  # 处罚法第66条第二款: 经当事人申请和行政机关批准
        ),
        Action(
            "grant_deferral",
            "批准延期缴纳",
            _from(S.SERVED),
            None,
            CasePerm.DECIDE,
            by_approval=True,
        ),
        Action(
            "refuse_deferral",
            "不予批准延期",
            _from(S.SERVED),
            None,
            CasePerm.DECIDE,
            requires=("note",),
            by_approval=True,
        ),
        Action(
            "record_remedy",
            "登记复议/诉讼",
            _from(S.DECIDED, S.SERVED),
            None,
            CasePerm.HANDLE,
            gates=("remedy_not_pending",),
            requires=("remedy_kind", "remedy_from"),
        ),
        Action(
            "end_remedy",
            "登记复议/诉讼结果",
            _from(S.DECIDED, S.SERVED),
            None,
            CasePerm.HANDLE,
            gates=("remedy_pending",),
            requires=("remedy_to", "note"),
        ),
        Action(
            "request_instalments",
            "当事人申请分期缴纳罚款",
            _from(S.SERVED),
            None,
            CasePerm.HANDLE,
            gates=("instalments",),
            requires=("instalments", "note"),
            approval="cases.instalments",  # 处罚法第66条第二款: 经当事人申请和行政机关批准
        ),
        Action("grant_instalments", "批准分期缴纳", _from(S.SERVED), None, CasePerm.DECIDE, by_approval=True),
        Action(
            "refuse_instalments",
            "不予批准分期",
            _from(S.SERVED),
            None,
            CasePerm.DECIDE,
            requires=("note",),
            by_approval=True,
        ),
        Action(
            "record_instalment_payment",
            "登记分期缴款",
            _from(S.SERVED),
            None,
            CasePerm.HANDLE,
            gates=("instalment_payment",),
            requires=("paid_on", "paid_amount"),
        ),
        Action(
            "demand_payment",
            "催告履行（履行催告书）",
            _from(S.SERVED),
            None,
            CasePerm.HANDLE,
            gates=("payment_overdue",),
            requires=("served_on",),
        ),
        Action(
            "apply_to_court",
            "申请人民法院强制执行",
            _from(S.SERVED),
            None,
            CasePerm.APPROVE,
            gates=("court_application",),
            requires=("applied_on",),
        ),
        Action(
            "submit_close",
            "提请结案",
            _from(S.SERVED, S.EXECUTED, S.WITHDRAWN),
            S.CLOSING,
            CasePerm.HANDLE,
            gates=("executed_or_no_penalty",),
            style="primary",
            approval="cases.close",  # 结案审批 (SAMR程序规定第76条)
        ),
        Action(
            "close",
            "结案",
            _from(S.CLOSING),
            S.CLOSED,
            CasePerm.APPROVE,
            gates=("executed_or_no_penalty",),
            by_approval=True,
        ),
        Action(
            "return_close",
            "退回结案",
            _from(S.CLOSING),
            None,
            CasePerm.APPROVE,
            requires=("note",),
            by_approval=True,
        ),
        Action(
            "submit_archive",
            "提请归档",
            _from(S.CLOSED),
            None,
            CasePerm.HANDLE,
            gates=("dossier_complete",),
            style="primary",
            approval="cases.archive",  # 归档审批 (SAMR程序规定第78条 一案一卷)
        ),
        Action(
            "archive",
            "归档",
            _from(S.CLOSED),
            S.ARCHIVED,
            CasePerm.APPROVE,
            gates=("dossier_complete",),
            by_approval=True,
        ),
        Action(
            "return_archive",
            "退回归档",
            _from(S.CLOSED),
            None,
            CasePerm.APPROVE,
            requires=("note",),
            by_approval=True,
        ),
    ),
)

# 简易程序 (行政处罚法 第51–53条; 第68–71条 当场收缴).
SUMMARY_2021 = Procedure(
    kind=ProcedureKind.SUMMARY,
    version="2021.1",
    valid_from=date(2021, 7, 15),
    name="行政处罚简易程序（当场处罚）",
    stages=(("decide", "当场决定"), ("execute", "执行"), ("file", "备案"), ("close", "结案归档")),
    actions=_actions(
        Action(
            "decide_on_spot",
            "当场作出处罚决定",
            _from(S.REGISTERED),
            S.SERVED,
            CasePerm.HANDLE,
            gates=("officers", "limitation", "summary_limits", "cash_on_spot", "decision_contents"),
            requires=("decided_on",),
            style="primary",
        ),
        Action(
            "record_payment",
            "登记缴款",
            _from(S.SERVED),
            S.EXECUTED,
            CasePerm.HANDLE,
            requires=("paid_on",),
            style="primary",
        ),
        Action("close", "备案结案", _from(S.EXECUTED), S.CLOSED, CasePerm.APPROVE, style="primary"),
        Action("archive", "归档", _from(S.CLOSED), S.ARCHIVED, CasePerm.APPROVE, gates=("dossier_complete",)),
        Action("withdraw", "撤销", _from(S.REGISTERED), S.WITHDRAWN, CasePerm.APPROVE, requires=("note",)),
    ),
)

PROCEDURES: tuple[Procedure, ...] = (GENERAL_2021, SUMMARY_2021)


def procedure_in_force(kind: str, on: date) -> Procedure:
    """The newest version of `kind` valid on `on`."""
    versions = [p for p in PROCEDURES if p.kind == kind and p.valid_from <= on]
    if not versions:
        raise LookupError(f"{kind} {on}")
    return max(versions, key=lambda p: p.valid_from)


def procedure_of(kind: str, version: str) -> Procedure:
    for p in PROCEDURES:
        if p.kind == kind and p.version == version:
            return p
    raise LookupError(f"{kind} {version}")
