"""Domain rules of the documents app: pure functions citing their statute."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

# 处罚法 Art. 59 (+ Art. 52 ¶2, Art. 67; 复议法 Arts. 20, 23; 行诉法 Art. 46; RULES §3): the
# contents a 行政处罚决定书 must state. A missing 复议/诉讼 route or deadline stretches the party's
# clocks to 1 year (复议法 Art. 20 ¶3; 行诉解释 Art. 64): a blocking error, never a warning.
DECISION_CODES = frozenset({"08.02", "08.05"})
MONEY_PENALTIES = ("罚款", "没收违法所得")


def _get(context: dict[str, Any], path: str) -> Any:
    value: Any = context
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | dict):
        return not value
    return False


def decision_missing_fields(context: dict[str, Any]) -> list[str]:
    """Chinese names of the mandatory 决定书 contents (处罚法 Art. 59) that are empty."""
    missing: list[str] = []

    def need(label: str, *paths: str) -> None:
        if any(_blank(_get(context, p)) for p in paths):
            missing.append(label)

    need("当事人名称", "party.name")  # Art. 59(1)
    need("当事人地址", "party.address")
    need("违法事实", "case.facts")  # Art. 59(2)
    if _blank(_get(context, "case.evidence_summary")) and _blank(context.get("evidence")):
        missing.append("证据")
    need("处罚种类", "case.penalty.kinds")  # Art. 59(3)
    need("处罚依据", "case.basis_penalty")
    kinds = _get(context, "case.penalty.kinds") or []
    if any(k in MONEY_PENALTIES for k in kinds):  # Art. 59(4); Art. 67: 15 days, bank or 当场
        payment_how = _get(context, "payment.method") or (
            _get(context, "payment.bank") and _get(context, "payment.account")
        )
        if _blank(payment_how):
            missing.append("履行方式（缴款方式）")
        need("履行期限", "payment.deadline_days")
    need("复议机关", "remedy.review_body")  # Art. 59(5); 复议法 Art. 20: 60 days
    need("复议期限", "remedy.review_days")
    need("诉讼法院", "remedy.court")  # 行诉法 Art. 46: 6 months
    if not _get(context, "remedy.review_first"):  # 复议前置: 15 days after the 复议 decision instead
        need("诉讼期限", "remedy.litigation_months")
    need("行政机关名称", "org.name")  # Art. 59(6)
    need("作出决定日期", "case.decision_date")
    return missing


# --- service (送达): SAMR程序规定 Art. 82; 民诉法 Arts. 87–95 -------------------------------------

SERVICE_METHODS: dict[str, str] = {
    "direct": "直接送达",
    "left": "留置送达",
    "entrusted": "委托送达",
    "post": "邮寄送达",
    "public_notice": "公告送达",
    "electronic": "电子送达",
}
# 民诉法 Art. 95; SAMR Art. 82: 自发出公告之日起经过三十日，即视为送达. The deemed date is a fact
# date, not the last day for an act, so it is not rolled off holidays (民法典 Art. 203 does not apply).
PUBLIC_NOTICE_DAYS = 30


def service_effective_on(
    method: str, *, served_on: date, receipt_date: date | None = None, reached_on: date | None = None
) -> date:
    """The date service takes effect (starts the party's clocks)."""
    if method in ("direct", "left", "entrusted"):  # signed date; 留置: deemed served when left
        return served_on
    if method == "post":  # the date on the receipt
        if receipt_date is None:
            raise ValueError("receipt_date required for post")
        return receipt_date
    if method == "public_notice":
        return served_on + timedelta(days=PUBLIC_NOTICE_DAYS)
    if method == "electronic":  # the date it reaches the recipient's system
        return reached_on or served_on
    raise ValueError(method)
