"""Transfers, each step naming its rule: 涉刑移送 (310令 Arts. 5, 8, 9, 11, 12; RULES §4), 行政移送 to
the competent agency (SAMR程序规定第22条) with acceptance or return, and 处罚转办 within the agency."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from zhifa.cases.choices import CaseState as S
from zhifa.cases.models import CaseHandler
from zhifa.core.audit import Actor
from zhifa.core.errors import PermissionDenied, ValidationError
from zhifa.orgs.tests.factories import OfficerFactory
from zhifa.transfers import services
from zhifa.transfers.models import Transfer, TransferState
from zhifa.worklist.models import ApprovalRun, Deadline
from zhifa.worklist.services import approval_decide

pytestmark = pytest.mark.django_db
D = date
BJ = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BJ)


def decide(
    user: Any, transfer: Transfer, when: datetime, decision: str = "approve", comment: str = ""
) -> Transfer:
    run = ApprovalRun.objects.get(subject_type="transfers.transfer", subject_id=transfer.pk, status="pending")
    with time_machine.travel(when):
        approval_decide(actor=Actor.of(user), user=user, run=run, decision=decision, comment=comment)
    transfer.refresh_from_db()
    return transfer


def request(w: Any, **kwargs: Any) -> Transfer:
    """提请移送 by the lead officer (user_a)."""
    return services.transfer_request(actor=Actor.of(w.user_a), user=w.user_a, **kwargs)


def opened_case(w: Any) -> Any:
    case = w.act(w.user_a, w.register(), "open", D(2026, 3, 10))
    return w.approve_all(case, D(2026, 3, 10), w.leader, w.head)


def deadline(transfer: Transfer, code: str) -> Deadline:
    return Deadline.objects.get(subject_type="transfers.transfer", subject_id=transfer.pk, rule_code=code)


def test_criminal_transfer_follows_310_with_its_clocks_and_the_police_decision(case_world: Any) -> None:
    w = case_world
    case = opened_case(w)
    with time_machine.travel(at(D(2026, 4, 1))):
        t = request(
            w,
            case=case,
            kind="criminal",
            reason="销售金额逾5万元，涉嫌销售伪劣产品罪",
            to_body="深圳市公安局罗湖分局",
            procuratorate="深圳市罗湖区人民检察院",
            seized_property="扣押的伪劣食品120箱",
        )
    # 310令第五条第二款: the head decides within 3 days of the report
    assert deadline(t, "transfer.head_decision").due_on == D(2026, 4, 7)  # 04-04 is 清明: rolls to Tue 04-07
    t = decide(w.head, t, at(D(2026, 4, 2)))
    assert t.state == TransferState.APPROVED
    assert deadline(t, "transfer.head_decision").state == "met"
    with time_machine.travel(at(D(2026, 4, 2), 15)):
        t = services.transfer_send(actor=Actor.of(w.user_a), user=w.user_a, transfer=t)
    assert (t.state, t.procuratorate_copied_at is not None) == (TransferState.SENT, True)  # RULES §4 T14
    assert "刑移" in t.number
    decision_clock = Deadline.objects.get(
        subject_type="cases.case", subject_id=case.pk, rule_code="penalty.decision"
    )
    assert decision_clock.state == "suspended"  # the agency waits for the police
    with time_machine.travel(at(D(2026, 4, 3))):
        t = services.transfer_receive(actor=Actor.of(w.user_a), user=w.user_a, transfer=t)
    assert deadline(t, "transfer.police_decision").state == "running"  # 310令第八条: 3 days
    with pytest.raises(ValidationError, match="须写明理由"):
        services.transfer_answer(actor=Actor.of(w.user_a), user=w.user_a, transfer=t, accepted=False)
    with time_machine.travel(at(D(2026, 4, 7))):
        t = services.transfer_answer(
            actor=Actor.of(w.user_a), user=w.user_a, transfer=t, accepted=False, reason="未达立案追诉标准"
        )
    # 310令第九条 / 第十条: the agency may ask for reconsideration within 3 days and meanwhile continues
    assert t.state == TransferState.RETURNED
    decision_clock.refresh_from_db()
    assert decision_clock.state != "suspended"
    with time_machine.travel(at(D(2026, 4, 8))):
        t = services.transfer_request_reconsideration(actor=Actor.of(w.user_a), user=w.user_a, transfer=t)
        t = services.transfer_answer(
            actor=Actor.of(w.user_a), user=w.user_a, transfer=t, accepted=True, reason="复议后决定立案"
        )
    case.refresh_from_db()
    assert (t.state, case.state, case.outcome) == (TransferState.ACCEPTED, S.TRANSFERRED, "transfer")
    assert deadline(t, "transfer.handover").state == "running"  # 310令第十二条: items within 3 days
    with time_machine.travel(at(D(2026, 4, 9))):
        t = services.transfer_handover(actor=Actor.of(w.user_a), user=w.user_a, transfer=t)
    assert deadline(t, "transfer.handover").state == "met"


def test_a_criminal_transfer_needs_two_officers_and_the_head_may_refuse_with_reasons(case_world: Any) -> None:
    w = case_world
    case = opened_case(w)
    CaseHandler.objects.filter(case=case, user=w.user_b).delete()
    with pytest.raises(ValidationError, match="310令第五条第一款"):
        request(
            w,
            case=case,
            kind="criminal",
            reason="涉嫌犯罪",
            to_body="公安分局",
        )
    assert not Transfer.objects.exists()
    other = opened_case(w)
    t = request(
        w,
        case=other,
        kind="criminal",
        reason="涉嫌犯罪",
        to_body="公安分局",
    )
    t = decide(w.head, t, at(D(2026, 4, 2)), decision="reject", comment="证据不足以认定涉嫌犯罪")
    assert (t.state, t.refusal_reason) == (TransferState.REFUSED, "证据不足以认定涉嫌犯罪")
    other.refresh_from_db()
    assert other.state == S.INVESTIGATING  # the agency goes on with the administrative case


def test_an_administrative_transfer_is_accepted_or_returned_by_the_receiving_agency(
    case_world: Any, org_world: Any, make_user: Any
) -> None:
    w = case_world
    receiver_org = org_world.sibling_child
    receiver = make_user(receiver_org, "team_leader")
    case = opened_case(w)
    t = request(
        w,
        case=case,
        kind="administrative",
        reason="违法行为发生地在福田区，由福田监管局管辖",
        to_organisation=receiver_org,
    )
    t = decide(w.leader, t, at(D(2026, 4, 2)))
    t = decide(w.head, t, at(D(2026, 4, 2)))
    t = services.transfer_send(actor=Actor.of(w.user_a), user=w.user_a, transfer=t)
    assert t.number
    with pytest.raises(PermissionDenied):  # only the receiving agency records its receipt
        services.transfer_receive(actor=Actor.of(w.user_a), user=w.user_a, transfer=t)
    t = services.transfer_receive(actor=Actor.of(receiver), user=receiver, transfer=t)
    received = Client()
    received.force_login(receiver)
    page = received.get("/transfers/?box=received").content.decode()
    assert case.number in page
    assert received.get(f"/cases/{case.pk}/").status_code == 404  # the case itself stays the sender's
    t = services.transfer_answer(actor=Actor.of(receiver), user=receiver, transfer=t, accepted=True)
    case.refresh_from_db()
    assert (t.state, case.state) == (TransferState.ACCEPTED, S.TRANSFERRED)


def test_internal_reassignment_with_the_leaders_approval_changes_the_handlers(case_world: Any) -> None:
    w = case_world
    case = opened_case(w)
    new: list[Any] = [OfficerFactory(organisation=w.unit, name=n) for n in ("王五", "赵六")]
    with pytest.raises(ValidationError, match="第四十二条"):
        request(
            w,
            case=case,
            kind="internal",
            reason="调整",
            to_officers=new[:1],
        )
    t = request(
        w,
        case=case,
        kind="internal",
        reason="原承办人回避",
        to_officers=new,
    )
    t = decide(w.leader, t, at(D(2026, 4, 2)))
    assert t.state == TransferState.DONE
    handlers = dict(CaseHandler.objects.filter(case=case).values_list("role", "officer__name"))
    assert handlers == {"lead": "王五", "assist": "赵六"}


def test_outsiders_see_no_transfer_and_the_case_offers_no_direct_transfer(case_world: Any) -> None:
    from zhifa.cases.services import case_available_actions

    w = case_world
    case = opened_case(w)
    t = request(
        w,
        case=case,
        kind="criminal",
        reason="涉嫌犯罪",
        to_body="公安分局",
    )
    outsider = Client()
    outsider.force_login(w.outsider)
    assert outsider.get(f"/transfers/{t.pk}/").status_code == 404
    assert "transfer_out" not in {a.code for a in case_available_actions(w.head, case)}
    own = Client()
    own.force_login(w.user_a)
    assert own.get(f"/transfers/{t.pk}/").status_code == 200
    assert own.get(f"/transfers/new/?case={case.pk}").status_code == 200


def test_sending_issues_the_310_papers_and_the_seized_items_go_with_the_case(case_world: Any) -> None:
    """310令第六条、第七条: 移送书 with the 清单, copied to the procuratorate; 强制法第二十一条: the
    property under a measure goes with the case and the party is told in writing (11.07)."""
    from zhifa.cases.tests.test_case_paperwork import pdf_text
    from zhifa.coercion.models import Measure, MeasureState
    from zhifa.documents.models import Document

    w = case_world
    case = opened_case(w)
    Measure.objects.create(
        kind="seize",
        state=MeasureState.IN_FORCE,
        case=case,
        case_number=case.number,
        party_name=case.party_name,
        organisation=case.organisation,
        region_code=case.region_code,
        reason="涉嫌销售伪劣产品",
        items=[{"name": "伪劣白酒", "spec": "500ml/瓶", "quantity": "300瓶", "place": "仓库B"}],
        place="罗湖区某仓库",
        requested_at=at(D(2026, 3, 20)),
        created_by=w.user_a,
    )
    Measure.objects.create(  # released before the transfer: stays behind
        kind="seize",
        state=MeasureState.RELEASED,
        case=case,
        case_number=case.number,
        party_name=case.party_name,
        organisation=case.organisation,
        region_code=case.region_code,
        reason="另案",
        items=[{"name": "已解除物品", "spec": "", "quantity": "1", "place": ""}],
        place="罗湖区",
        requested_at=at(D(2026, 3, 20)),
        created_by=w.user_a,
    )
    with time_machine.travel(at(D(2026, 4, 1))):
        t = request(
            w,
            case=case,
            kind="criminal",
            reason="销售金额逾5万元，涉嫌销售伪劣产品罪",
            to_body="深圳市公安局罗湖分局",
            procuratorate="深圳市罗湖区人民检察院",
            materials=[{"title": "检验报告"}],
        )
    t = decide(w.head, t, at(D(2026, 4, 2)))
    with time_machine.travel(at(D(2026, 4, 2), 15)):
        t = services.transfer_send(actor=Actor.of(w.user_a), user=w.user_a, transfer=t)
    papers = {
        d.type_code: d
        for d in Document.objects.filter(
            subject_type="cases.case", subject_id=case.pk, type_code__startswith="11."
        )
    }
    assert set(papers) == {"11.02", "11.03", "11.07"}
    assert t.number == papers["11.02"].number
    assert "刑移" in t.number
    referral, listing, notice = (pdf_text(papers[c]) for c in ("11.02", "11.03", "11.07"))
    assert "深圳市公安局罗湖分局" in referral
    assert "抄送：深圳市罗湖区人民检察院" in referral
    assert "检验报告" in referral
    assert "伪劣白酒" in listing
    assert "300瓶" in listing
    assert "已解除物品" not in listing
    assert "行政强制法》第二十一条" in notice
    assert "伪劣白酒" in notice
    page = Client()
    page.force_login(w.user_a)
    html = page.get(f"/transfers/{t.pk}/").content.decode()
    assert papers["11.02"].number in html
    assert "伪劣白酒" in html


def test_a_failing_paper_sends_nothing(case_world: Any, monkeypatch: Any) -> None:
    """No write is half-done: if issuing the 移送书 fails, the transfer stays approved, unnumbered."""
    from zhifa.documents.models import Document
    from zhifa.transfers import paperwork

    w = case_world
    case = opened_case(w)
    t = request(w, case=case, kind="criminal", reason="涉嫌犯罪", to_body="公安分局")
    t = decide(w.head, t, at(D(2026, 4, 2)))

    def broken(**kwargs: Any) -> Any:
        raise ValidationError("模板错误")

    monkeypatch.setattr(paperwork, "document_issue", broken)
    with pytest.raises(ValidationError):
        services.transfer_send(actor=Actor.of(w.user_a), user=w.user_a, transfer=t)
    t.refresh_from_db()
    assert (t.state, t.number, t.sent_at) == (TransferState.APPROVED, "", None)
    assert not Document.objects.filter(
        subject_type="cases.case", subject_id=case.pk, type_code__startswith="11."
    )
