"""The document context of a case (zhifa.documents.context.DocumentContext): the case's data entered
once and bound into every document (RECORDS §4.1). Natural persons' identity numbers are masked:
处罚法第59条 asks for the party's name and address, not the number (ARCHITECTURE §7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zhifa.documents.context import DocumentContext
from zhifa.evidence.models import Evidence
from zhifa.legal.models import PowerBasis
from zhifa.legal.rules.discretion import PenaltyKind
from zhifa.orgs.models import Organisation, Region
from zhifa.parties.models import Party

from ..choices import CaseSource
from ..config import case_period
from ..models import Case, CaseHandler, IssuingProfile
from ..rules.execution import LITIGATION_MONTHS, PAYMENT_DAYS, RECONSIDERATION_DAYS
from .words import amount_in_words, cn_amount, cn_date


@dataclass(frozen=True)
class Issuing:
    review_body: str
    court: str
    payment_bank: str
    payment_account: str
    payment_method: str


def _region_title(organisation: Organisation) -> str:
    """深圳市罗湖区 for a district unit: the region's name with its parent city's name."""
    region: Region = organisation.region
    parent = region.parent if region.parent_id else None  # type: ignore[attr-defined]
    if parent is not None and parent.level == "city" and not region.name.startswith(parent.name):
        return parent.name + region.name
    return region.name


def issuing_profile(organisation: Organisation) -> Issuing:
    """The unit's configured 复议机关, 法院 and 缴款 details, or what the law gives by default: a
    local department's acts are reconsidered by the government at its level (行政复议法第二十四条)
    and sued at the basic people's court where it sits (行政诉讼法第十四条、第十八条)."""
    profile = IssuingProfile.objects.filter(organisation=organisation).first()
    place = _region_title(organisation)
    return Issuing(
        review_body=(profile and profile.review_body) or f"{place}人民政府",
        court=(profile and profile.court) or f"{place}人民法院",
        payment_bank=(profile and profile.payment_bank) or "",
        payment_account=(profile and profile.payment_account) or "",
        payment_method=(profile and profile.payment_method)
        or "持本决定书到指定银行或者通过电子支付系统缴纳罚款",
    )


def power_bases(case: Case) -> tuple[str, str]:
    """(违法依据, 处罚依据) from the power's current version in the 权责清单, as 《法》第X条."""
    if not case.power_id or case.power is None or not case.power.current_version_id:
        return "", ""
    bases = PowerBasis.objects.filter(version_id=case.power.current_version_id).order_by("position", "id")
    by: dict[str, list[str]] = {"violated": [], "penalty": []}
    for b in bases:
        if b.category in by:
            by[b.category].append(f"《{b.law_title}》{b.provision}" if b.law_title else b.text)
    return "、".join(by["violated"]), "、".join(by["penalty"])


def _party(party: Party) -> dict[str, Any]:
    person = party.kind == "natural_person"
    return {
        "kind_label": party.get_kind_display(),
        "name": party.name,
        "uscc": party.uscc or "",
        "id_type": party.get_id_type_display() if party.id_type else "",
        "id_number": party.id_number_masked if person else "",
        "legal_rep": party.legal_rep_name,
        "address": party.address,
        "phone": party.phone,
    }


def _penalty(kinds: list[str], fine: Any, confiscation: Any) -> dict[str, Any]:
    labels = [PenaltyKind(k).label for k in kinds if k in PenaltyKind.values]
    out: dict[str, Any] = {"kinds": labels}
    if fine:
        out["amount"] = cn_amount(fine)
        out["amount_words"] = amount_in_words(fine)
    if confiscation:
        out["confiscation"] = f"没收违法所得人民币{cn_amount(confiscation)}元"
    return out


def _statement(case: Case) -> str:
    """陈述申辩采纳情况 (SAMR程序规定第六十二条第三项)."""
    if case.hearing_concluded_on:
        return (
            "当事人依法申请听证，本机关已于" + cn_date(case.hearing_on) + "举行听证，并对听证意见进行了复核。"
        )
    if case.statement_made:
        return "当事人在法定期限内提出了陈述、申辩意见，本机关已进行复核。"
    if case.statement_waived:
        return "当事人明确表示放弃陈述、申辩的权利。"
    return "当事人在法定期限内未提出陈述、申辩意见。"


def _statement_days(case: Case, today: date) -> int:
    on = case.notice_served_on or today
    return case_period("statement_window", on=on, region_code=case.region_code, sector=case.sector).amount


def case_document_context(case: Case, *, today: date, decision: bool = False) -> DocumentContext:
    """Everything a document of this case may bind; `decision` picks the decided (else proposed)
    penalty for the penalty block."""
    org = case.organisation
    issuing = issuing_profile(org)
    violation, penalty_basis = power_bases(case)
    handlers = CaseHandler.objects.filter(case=case).select_related("officer").order_by("role", "id")
    evidence = Evidence.objects.filter(
        subject_type="cases.case", subject_id=case.pk, admissible=True
    ).order_by("seq")
    if decision:
        penalty = _penalty(case.decided_kinds or [], case.decided_fine, case.decided_confiscation)
    else:
        penalty = _penalty(case.proposed_kinds or [], case.proposed_fine, case.proposed_confiscation)
    context: dict[str, Any] = {
        "org": {
            "name": org.name,
            "short_name": org.short_name,
            "uscc": org.uscc,
            "address": org.address,
            "phone": org.phone,
        },
        "case": {
            "number": case.number,
            "title": case.cause,
            "cause": case.cause,
            "source": CaseSource(case.source).label if case.source in CaseSource.values else "",
            "opened_on": cn_date(case.opened_on),
            "facts": case.facts,
            "evidence_summary": case.evidence_summary,
            "basis_violation": case.basis_violation or violation,
            "basis_penalty": case.basis_penalty or penalty_basis,
            "discretion": case.discretion_reason,
            "penalty": penalty,
            "decision_date": cn_date(case.decided_on),
            "statement_adopted": _statement(case),
        },
        "party": _party(case.party),
        "officers": [{"name": h.officer.name, "certificate_no": h.officer.certificate_no} for h in handlers],
        "remedy": {
            "review_body": issuing.review_body,
            "review_days": RECONSIDERATION_DAYS,
            "court": issuing.court,
            "litigation_months": LITIGATION_MONTHS,
            # 行政复议法第二十三条第一款第一项: 对当场作出的行政处罚决定不服 → 复议前置.
            "review_first": case.procedure == "summary",
        },
        "payment": {
            "bank": issuing.payment_bank,
            "account": issuing.payment_account,
            "deadline_days": PAYMENT_DAYS,
            "method": "当场收缴（行政处罚法第六十八条）"
            if case.cash_collected_on_spot
            else issuing.payment_method,
        },
        # the window the clock uses (CasePeriod statement_window: by sector, province and date)
        "notice": {
            "statement_deadline_days": _statement_days(case, today),
            "hearing_right": case.hearing_right,
        },
        "hearing": {"date": cn_date(case.hearing_on)},
        "evidence": [
            {
                "no": str(e.seq),
                "kind_label": e.get_kind_display(),
                "title": e.title,
                "source": e.source,
                "collected_on": cn_date(e.collected_at.date()),
                "page_count": e.page_count or 0,
            }
            for e in evidence
        ],
        "today": cn_date(today),
    }
    return context  # type: ignore[return-value]
