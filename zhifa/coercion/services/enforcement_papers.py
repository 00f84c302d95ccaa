"""The documents of 行政强制执行 (RECORDS §2.10): 10.04 履行催告书 (强制法第三十五条), 10.06 强制执行
决定书 (第三十七条), 10.07 代履行决定书 (第五十一条), 10.08 执行协议 (第四十二条), 10.09 中止/终结/恢复
(第三十九、四十条), 10.10 强制执行申请书 (第五十五条)."""

from __future__ import annotations

from datetime import date
from typing import Any

from zhifa.cases.paperwork.context import issuing_profile
from zhifa.cases.paperwork.issue import latest_decision
from zhifa.cases.paperwork.words import cn_amount, cn_date
from zhifa.core.audit import Actor
from zhifa.documents.models import Document

from ..models import Enforcement, EnforcementKind
from ..paperwork import base_context, cn_moment, issue, money
from .enforcement_common import demand_served_on, surcharge


def _decision_ref(row: Enforcement) -> dict[str, str]:
    if row.case_id and row.case is not None:
        doc = latest_decision(row.case)
        return {"number": doc.number if doc else row.decision_number, "date": cn_date(row.case.decided_on)}
    return {"number": row.decision_number, "date": cn_date(row.decision_received_on)}


def _statement_text(row: Enforcement) -> str:
    """第三十六条: the party's statement heard and reviewed."""
    if not row.statement:
        return "当事人在催告期间未提出陈述、申辩。"
    verdict = "理由成立，已予采纳" if row.statement_adopted else "理由不成立，不予采纳"
    return f"当事人提出了陈述、申辩，本机关已进行记录、复核，{verdict}。"


def enforcement_context(row: Enforcement, today: date) -> dict[str, Any]:
    context = base_context(row.organisation, row.party, row.party_name, today)
    charge = surcharge(row, today)
    context["decision"] = _decision_ref(row)
    context["enforcement"] = {
        "obligation": row.obligation.rstrip("。"),
        "money": row.kind == EnforcementKind.MONEY,
        "principal": money(row.principal),
        "surcharge": cn_amount(charge.amount) if charge and charge.amount else "",
        "demand_served_on": cn_date(demand_served_on(row)),
        "received_on": cn_date(
            row.decision_received_on or (row.case.decision_served_on if row.case else None)
        ),
        "statement_text": _statement_text(row),
        "measure_text": row.measure_text,
        "from_date": cn_date(today),
        "performer": row.substitute_performer,
        "cost": money(row.substitute_cost),
        "immediate": row.substitute_immediate,
        "performed_at": cn_moment(row.enforced_at),
        "plan": [
            {"due_on": p.get("due_on", ""), "content": p.get("content", "")} for p in row.agreement_plan
        ],
        "waived": money(row.surcharge_waived) if row.surcharge_waived else "",
        "court": row.court_name or issuing_profile(row.organisation).court,
    }
    return context


def issue_demand(
    actor: Actor, row: Enforcement, *, served_on: date, method: str, details: dict[str, Any]
) -> Document:
    """10.04 履行催告书 (第三十五条): deadline, method, amount, and the 陈述申辩 rights."""
    context = enforcement_context(row, served_on)
    money_owed = row.kind == EnforcementKind.MONEY
    charge = surcharge(row, served_on)
    if money_owed:
        amount = cn_amount(row.principal) if row.principal is not None else ""
        text = f"缴纳罚款人民币{amount}元" + (
            f"，加处罚款{cn_amount(charge.amount)}元" if charge and charge.amount else ""
        )
        context["case"] = {"penalty": {"amount": amount, "text": text}}
    else:
        context["case"] = {"penalty": {"text": row.obligation.rstrip("。")}}
    issuing = issuing_profile(row.organisation)
    context["payment"] = {
        "deadline_days": row.demand_days,
        "method": row.demand_method or issuing.payment_method,
        "bank": issuing.payment_bank,
        "account": issuing.payment_account,
        "in_kind": not money_owed,
    }
    return issue(
        actor=actor,
        subject=row,
        organisation=row.organisation,
        code="10.04",
        context=context,
        served_on=served_on,
        recipient=row.party_name,
        method=method,
        details=details,
    )


def issue_plain(
    actor: Actor,
    row: Enforcement,
    code: str,
    *,
    today: date,
    served_on: date | None = None,
    extra: dict[str, Any] | None = None,
) -> Document:
    context = enforcement_context(row, today)
    context["enforcement"].update(extra or {})
    return issue(
        actor=actor,
        subject=row,
        organisation=row.organisation,
        code=code,
        context=context,
        served_on=served_on,
        recipient=row.party_name,
    )
