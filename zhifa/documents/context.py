"""The context contract: what a caller (cases, inspections …) binds into a document.

Every key is optional (`total=False`): a missing value renders blank, so drafts work from whatever
the case already knows ("enter once, reuse everywhere", RECORDS §4.1). Dates and amounts arrive as
display strings (e.g. "2026年3月5日", "2,000.00"); the caller formats, the template only places.
Identity numbers arrive already masked or not: the caller decides (ARCHITECTURE §7).
"""

from __future__ import annotations

from typing import TypedDict


class OrgContext(TypedDict, total=False):
    name: str
    short_name: str
    uscc: str
    address: str
    phone: str


class PenaltyContext(TypedDict, total=False):
    kinds: list[str]  # 处罚种类 (处罚法 Art. 9)
    amount: str  # 罚款 in 元, e.g. "2,000.00"
    amount_words: str  # 大写, e.g. "贰仟元整"
    confiscation: str
    text: str  # 处罚内容


class CaseContext(TypedDict, total=False):
    number: str
    title: str
    cause: str  # 案由
    source: str
    opened_on: str
    facts: str  # 违法事实
    evidence_summary: str
    basis_violation: str  # 违法依据
    basis_penalty: str  # 处罚依据
    discretion: str  # 裁量理由 (SAMR Art. 48)
    penalty: PenaltyContext
    decision_date: str
    statement_adopted: str  # 陈述申辩采纳情况 (SAMR Art. 62(3))


class PartyContext(TypedDict, total=False):
    kind_label: str
    name: str
    uscc: str
    id_type: str
    id_number: str
    legal_rep: str
    address: str
    phone: str


class OfficerContext(TypedDict, total=False):
    name: str
    certificate_no: str


class RemedyContext(TypedDict, total=False):
    review_body: str  # 复议机关 (复议法 Arts. 24–28)
    review_days: int  # 60 (复议法 Art. 20)
    court: str
    litigation_months: int  # 6 (行诉法 Art. 46)
    review_first: bool  # 复议前置 for on-the-spot decisions (复议法 Art. 23)


class PaymentContext(TypedDict, total=False):
    bank: str
    account: str
    deadline_days: int  # 15 (处罚法 Art. 67)
    method: str


class HearingContext(TypedDict, total=False):
    date: str
    time: str
    place: str
    host: str
    clerk: str
    request_deadline: str


class NoticeContext(TypedDict, total=False):
    statement_deadline_days: int  # 5
    hearing_right: bool


class ServiceContext(TypedDict, total=False):
    document_name: str
    document_number: str
    recipient: str
    method_label: str
    served_at: str
    place: str
    signer: str
    witness: str
    note: str


class InspectionContext(TypedDict, total=False):
    time: str
    place: str
    present: str
    content: str
    findings: str


class QuestionAnswer(TypedDict, total=False):
    q: str
    a: str


class InquiryContext(TypedDict, total=False):
    time: str
    place: str
    inquired: str
    questions: list[QuestionAnswer]


class ReviewContext(TypedDict, total=False):
    opinion: str
    reviewer: str
    reviewed_on: str
    conclusion: str


class EvidenceContext(TypedDict, total=False):
    no: str
    kind_label: str
    title: str
    source: str
    collected_on: str
    page_count: int
    sm3: str


class PreservedItemContext(TypedDict, total=False):
    name: str
    spec: str
    quantity: str
    note: str


class ClosingContext(TypedDict, total=False):
    summary: str
    executed: str
    closed_on: str


class DecisionRefContext(TypedDict, total=False):
    """The decision a later document refers to (催告书, 结案审批表)."""

    number: str
    date: str


class DocumentContext(TypedDict, total=False):
    org: OrgContext
    number: str  # 文号: filled by document_issue
    case: CaseContext
    party: PartyContext
    officers: list[OfficerContext]
    remedy: RemedyContext
    payment: PaymentContext
    hearing: HearingContext
    notice: NoticeContext
    service: ServiceContext
    inspection: InspectionContext
    inquiry: InquiryContext
    review: ReviewContext
    evidence: list[EvidenceContext]
    preserved_items: list[PreservedItemContext]
    closing: ClosingContext
    decision: DecisionRefContext
    today: str
    verify_token: str  # set by document_issue: printed so a reader can check the copy


CONTEXT_KEYS = frozenset(DocumentContext.__annotations__)
