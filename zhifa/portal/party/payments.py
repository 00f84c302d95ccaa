"""Payment status behind an interface. A real adapter talks to the province's 非税收入 payment
platform; `LocalFakePaymentAdapter` (the default, for development and tests) keeps an in-process
ledger. Which one runs: settings.ZHIFA_PAYMENT_ADAPTER (dotted path)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import ClassVar, Protocol
from urllib.parse import quote

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_ADAPTER = "zhifa.portal.party.payments.LocalFakePaymentAdapter"


@dataclass(frozen=True)
class PaymentStatus:
    """What the payment platform knows of one payment notice (缴款通知书)."""

    notice_number: str
    state: str  # "unpaid" | "partial" | "paid" | "unknown" (platform unreachable)
    paid: Decimal = Decimal("0.00")
    paid_at: datetime | None = None
    source: str = ""

    @property
    def label(self) -> str:
        return {"unpaid": "未缴款", "partial": "部分缴款", "paid": "已缴款"}.get(self.state, "暂时无法查询")


class PaymentAdapter(Protocol):
    def status(self, notice_number: str) -> PaymentStatus: ...

    def pay_url(self, *, notice_number: str, amount: Decimal) -> str:
        """Where the party pays online; "" when this platform offers no online payment."""
        ...


class LocalFakePaymentAdapter:
    """A ledger in the process: `record(notice, amount, at)` stands in for the platform's callback."""

    ledger: ClassVar[dict[str, tuple[Decimal, Decimal, datetime | None]]] = {}  # notice → (due, paid, at)
    base_url: ClassVar[str] = "https://pay.invalid/fake"  # .invalid never resolves (RFC 2606)

    @classmethod
    def record(cls, notice_number: str, *, due: Decimal, paid: Decimal, at: datetime | None = None) -> None:
        cls.ledger[notice_number] = (due, paid, at)

    @classmethod
    def reset(cls) -> None:
        cls.ledger.clear()

    def status(self, notice_number: str) -> PaymentStatus:
        if notice_number not in self.ledger:
            return PaymentStatus(notice_number, "unpaid", source="模拟缴费平台")
        due, paid, at = self.ledger[notice_number]
        state = "paid" if paid >= due else ("partial" if paid > 0 else "unpaid")
        return PaymentStatus(notice_number, state, paid, at, source="模拟缴费平台")

    def pay_url(self, *, notice_number: str, amount: Decimal) -> str:
        return f"{self.base_url}?notice={quote(notice_number)}&amount={amount:.2f}"


def payment_adapter() -> PaymentAdapter:
    path = getattr(settings, "ZHIFA_PAYMENT_ADAPTER", "") or DEFAULT_ADAPTER
    adapter: PaymentAdapter = import_string(path)()
    return adapter
