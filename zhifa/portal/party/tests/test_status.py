"""What the party reads: the stage in plain words, the deadlines that concern them, the payment
status (the fake payment platform and the 加处罚款 the cases app computes), the remedies with the
bodies named in the decision, and the electronic-service consent."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zhifa.cases.execution import execution_status
from zhifa.core.errors import Conflict, ValidationError
from zhifa.core.models import AuditEvent
from zhifa.portal.party.models import ElectronicServiceConsent, PartyAccess
from zhifa.portal.party.payments import LocalFakePaymentAdapter, payment_adapter
from zhifa.portal.party.selectors import party_deadlines, party_payment, party_remedies, stage_words
from zhifa.portal.party.services import party_consent_give, party_consent_withdraw

from .conftest import notified, served

pytestmark = pytest.mark.django_db
D = date
BEIJING = ZoneInfo("Asia/Shanghai")


def test_the_notified_party_sees_the_stage_and_the_statement_and_hearing_deadlines(case_world: Any) -> None:
    case = notified(case_world, hearing=True)
    assert stage_words(case) == "执法机关已告知拟作出的行政处罚，您可以陈述、申辩或申请听证"
    deadlines = {d.label: d for d in party_deadlines(case, D(2026, 4, 2))}
    assert deadlines["申请听证"].due_on == D(2026, 4, 9)  # 5 WD after 04-01, 清明 off (第六十四条第一项)
    assert "第六十四条第一项" in deadlines["申请听证"].basis
    assert deadlines["陈述、申辩"].due_on == D(2026, 4, 9)  # CasePeriod statement_window, 5 WD
    assert not deadlines["申请听证"].passed
    assert {d.label: d.passed for d in party_deadlines(case, D(2026, 4, 10))}["申请听证"] is True


def test_the_remedies_name_the_decisions_bodies_and_run_60_days_and_6_months_from_service(
    case_world: Any,
) -> None:
    case = served(case_world)  # decision served Mon 2026-04-13
    remedies = party_remedies(case)
    assert remedies is not None
    assert remedies.review_body == remedies.decision.data["remedy"]["review_body"] == "深圳市罗湖区人民政府"
    assert remedies.court == remedies.decision.data["remedy"]["court"]
    assert remedies.review_ends_on == D(2026, 6, 12)  # 复议法第二十条第一款: 60 days
    assert remedies.litigation_ends_on == D(2026, 10, 13)  # 行政诉讼法第四十六条第一款: 6 months
    labels = [d.label for d in party_deadlines(case, D(2026, 4, 14))]
    assert labels == ["缴纳罚款", "申请行政复议", "提起行政诉讼"]


def test_payment_shows_the_fine_the_platforms_record_and_the_surcharge_of_the_cases_app(
    case_world: Any,
) -> None:
    case = served(case_world)  # 6,000 元, due Tue 04-28
    on_time = party_payment(case, today=D(2026, 4, 20), adapter=payment_adapter())
    assert on_time is not None
    assert (on_time.fine, on_time.surcharge, on_time.amount_due) == (
        Decimal("6000.00"),
        0,
        Decimal("6000.00"),
    )
    assert on_time.platform.state == "unpaid"
    assert on_time.notice_number.endswith("号")  # the decision's 文号
    assert on_time.pay_url.startswith("https://pay.invalid/fake?notice=")
    LocalFakePaymentAdapter.record(
        on_time.notice_number,
        due=Decimal("6000"),
        paid=Decimal("2000"),
        at=datetime(2026, 4, 29, tzinfo=BEIJING),
    )
    late = party_payment(case, today=D(2026, 5, 1), adapter=payment_adapter())
    assert late is not None
    expected = execution_status(case, D(2026, 5, 1))
    assert expected is not None
    assert (
        late.surcharge == expected.surcharge.amount == Decimal("540.00")
    )  # 3 days × 3 % × 6,000 (第七十二条)
    assert late.platform.state == "partial"
    assert late.amount_due == Decimal("4000.00") + Decimal("540.00")


def test_no_payment_before_a_fine_is_served(case_world: Any) -> None:
    case = notified(case_world)
    assert party_payment(case, today=D(2026, 4, 2), adapter=payment_adapter()) is None


def test_consent_to_electronic_service_is_recorded_with_time_ip_and_address_and_can_be_withdrawn(
    case_world: Any,
) -> None:
    case = notified(case_world)
    access = PartyAccess.objects.select_related("case").get(case=case)
    with pytest.raises(ValidationError, match="11位手机号码"):
        party_consent_give(access=access, channel="sms", address="12345", agreed=True)
    with pytest.raises(ValidationError, match="勾选同意"):
        party_consent_give(access=access, channel="email", address="fa@example.com", agreed=False)
    first = party_consent_give(
        access=access, channel="email", address="fa@example.com", agreed=True, ip="10.0.0.7"
    )
    assert (first.ip, first.address, first.withdrawn_at) == ("10.0.0.7", "fa@example.com", None)
    assert "第六十一条第二款" in first.statement
    second = party_consent_give(
        access=access, channel="sms", address="138 0013 8000", agreed=True, ip="10.0.0.8"
    )
    first.refresh_from_db()
    assert first.withdrawn_at == second.given_at  # replaced, one address at a time
    assert second.address == "13800138000"
    withdrawn = party_consent_withdraw(access=access, ip="10.0.0.9")
    assert (withdrawn.pk, withdrawn.withdrawn_ip) == (second.pk, "10.0.0.9")
    with pytest.raises(Conflict):
        party_consent_withdraw(access=access)
    assert ElectronicServiceConsent.objects.filter(withdrawn_at__isnull=True).count() == 0
    assert AuditEvent.objects.filter(action__startswith="party_portal.consent.").count() == 3
