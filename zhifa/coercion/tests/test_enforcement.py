"""行政强制执行, each test naming its article of 行政强制法 (RULES §2 Q7–Q17, §0.2) with holiday
crossings from the 2026 calendar (国庆 10-01..07 with 10-10 a make-up working day; 春节 02-15..23
with 02-14 and 02-28 make-up working days)."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from zhifa.coercion import services
from zhifa.coercion.models import Enforcement, EnforcementState
from zhifa.coercion.selectors import coercion_legal_review_queue_for_user
from zhifa.core.audit import Actor
from zhifa.core.errors import PermissionDenied, ValidationError
from zhifa.documents.models import Document
from zhifa.parties.tests.factories import make_party
from zhifa.worklist.models import ApprovalRun, Deadline, Task
from zhifa.worklist.services import approval_decide

pytestmark = pytest.mark.django_db
D = date
BJ = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BJ)


def start(w: Any, *, kind: str = "act", route: str = "self", party: Any = None, **kw: Any) -> Enforcement:
    args: dict[str, Any] = {
        "actor": Actor.of(w.user_a),
        "user": w.user_a,
        "kind": kind,
        "route": route,
        "party": party or w.party,
        "organisation": w.unit,
        "obligation": "自行拆除占道违法搭建的铁皮棚" if kind == "act" else "",
        "decision_number": "深罗市监责改〔2026〕1号",
        "decision_received_on": D(2026, 3, 2),
        "due_on": D(2026, 9, 1),
    }
    args.update(kw)
    with time_machine.travel(at(D(2026, 9, 2))):
        return services.enforcement_start(**args)


def step(w: Any, fn: Any, row: Enforcement, when: datetime, **kw: Any) -> Enforcement:
    row.refresh_from_db()
    with time_machine.travel(when):
        return fn(actor=Actor.of(w.user_a), user=w.user_a, enforcement=row, **kw)


def demand(w: Any, row: Enforcement, served: date, days: int = 5) -> Enforcement:
    return step(
        w, services.enforcement_demand, row, at(served), days=days, method="自行拆除", served_on=served
    )


def decide(user: Any, row: Enforcement, when: datetime, decision: str = "approve") -> Enforcement:
    run = ApprovalRun.objects.get(subject_type="coercion.enforcement", subject_id=row.pk, status="pending")
    with time_machine.travel(when):
        approval_decide(actor=Actor.of(user), user=user, run=run, decision=decision, comment="")
    row.refresh_from_db()
    return row


def clock(row: Enforcement, code: str) -> Deadline:
    return Deadline.objects.filter(
        subject_type="coercion.enforcement", subject_id=row.pk, rule_code=code
    ).latest("id")


def docs(row: Enforcement, code: str) -> list[Document]:
    return list(
        Document.objects.filter(subject_type="coercion.enforcement", subject_id=row.pk, type_code=code)
    )


def test_art35_36_69_demand_of_5_days_counts_working_days_across_national_day_and_records_the_statement(
    case_world: Any,
) -> None:
    w = case_world
    row = start(w)
    with pytest.raises(ValidationError, match="第三十四条"):  # the decision's own period has not run out
        demand(w, row, D(2026, 8, 31))
    row = demand(w, row, D(2026, 9, 30))
    # 第六十九条: 5日 = 5 WD; 10-01..07 holidays, 10-08 (1) 10-09 (2) 10-10 make-up (3) 10-12 (4) 10-13 (5)
    assert (row.state, row.demand_due_on) == (EnforcementState.DEMANDED, D(2026, 10, 13))
    assert clock(row, "coercion.demand").due_on == D(2026, 10, 13)
    (paper,) = docs(row, "10.04")  # 第三十五条: deadline, method, 陈述申辩 rights
    assert paper.status == "issued"
    assert paper.data["payment"]["in_kind"] is True
    assert paper.data["payment"]["method"] == "自行拆除"
    assert paper.data["payment"]["deadline_days"] == 5
    assert docs(row, "09.02"), "the 催告书 is served with its 送达回证"
    row = step(
        w,
        services.enforcement_statement,
        row,
        at(D(2026, 10, 9)),
        statement="铁皮棚系临时堆放货物所需",
        on=D(2026, 10, 9),
        review="占道搭建无审批手续，理由不成立",
        adopted=False,
    )
    assert (row.statement_adopted, row.statement_review) == (False, "占道搭建无审批手续，理由不成立")


def test_art37_decision_only_after_the_demand_period_and_with_the_heads_approval(case_world: Any) -> None:
    w = case_world
    row = demand(w, start(w), D(2026, 9, 30))
    with pytest.raises(ValidationError, match="第三十七条第一款"):  # 10-13 is still inside the period
        step(w, services.enforcement_request_decision, row, at(D(2026, 10, 13)), measure_text="强制拆除")
    row = step(
        w,
        services.enforcement_request_decision,
        row,
        at(D(2026, 10, 14)),
        measure_text="排除妨碍",
        today=D(2026, 10, 14),
    )
    assert (row.state, row.major) == (EnforcementState.DECIDING, False)
    run = ApprovalRun.objects.get(subject_type="coercion.enforcement", subject_id=row.pk)
    assert [s["role"] for s in run.steps] == ["agency_head"]
    with pytest.raises(PermissionDenied):
        decide(w.user_b, row, at(D(2026, 10, 14), 11))
    row = decide(w.head, row, at(D(2026, 10, 15)))
    assert row.state == EnforcementState.DECIDED
    (decision,) = docs(row, "10.06")
    assert decision.number
    assert "排除妨碍" in json.dumps(decision.data, ensure_ascii=False)
    with pytest.raises(ValidationError, match="送达"):  # not served yet
        step(w, services.enforcement_carry_out, row, at(D(2026, 10, 16)))
    row = step(
        w, services.enforcement_serve_decision, row, at(D(2026, 10, 15), 15), served_on=D(2026, 10, 15)
    )
    row = step(w, services.enforcement_carry_out, row, at(D(2026, 10, 16)))
    assert (row.state, row.executed_on) == (EnforcementState.EXECUTED, D(2026, 10, 16))
    assert not Task.objects.filter(
        subject_type="coercion.enforcement", subject_id=row.pk, status="open"
    ).exists()


def _decided(w: Any, **kw: Any) -> Enforcement:
    row = demand(w, start(w, **kw), D(2026, 9, 1 + 1))
    row = step(
        w,
        services.enforcement_request_decision,
        row,
        at(D(2026, 9, 20)),
        measure_text="排除妨碍",
        today=D(2026, 9, 20),
    )
    row = decide(w.head, row, at(D(2026, 9, 21)))
    return step(w, services.enforcement_serve_decision, row, at(D(2026, 9, 21), 15), served_on=D(2026, 9, 21))


def test_art43_no_enforcement_at_night_or_on_a_statutory_holiday_unless_an_emergency_is_stated(
    case_world: Any,
) -> None:
    w = case_world
    row = _decided(w)
    with pytest.raises(ValidationError, match="夜间"):  # 22:00–06:00 is our configured reading
        step(w, services.enforcement_carry_out, row, at(D(2026, 9, 22), 23))
    with pytest.raises(ValidationError, match="夜间"):
        step(w, services.enforcement_carry_out, row, at(D(2026, 9, 23), 5))
    with pytest.raises(ValidationError, match="法定节假日"):  # 国庆
        step(w, services.enforcement_carry_out, row, at(D(2026, 10, 2)))
    with pytest.raises(ValidationError, match="情况紧急"):  # ticked without a reason
        step(w, services.enforcement_carry_out, row, at(D(2026, 10, 2)), emergency=True)
    row = step(
        w,
        services.enforcement_carry_out,
        row,
        at(D(2026, 10, 2)),
        emergency=True,
        emergency_reason="铁皮棚倒塌危及行人安全",
    )
    assert (row.state, row.emergency, row.emergency_reason) == (
        EnforcementState.EXECUTED,
        True,
        "铁皮棚倒塌危及行人安全",
    )


def test_art45_46_surcharge_is_the_cases_computation_capped_at_the_principal_and_must_run_30_days(
    case_world: Any,
) -> None:
    w = case_world
    fine = Decimal("10000.00")
    row = start(w, kind="money", principal="10000", obligation="缴纳罚款人民币10000元", due_on=D(2026, 8, 20))
    from zhifa.coercion.services.enforcement_common import surcharge

    early = surcharge(row, D(2026, 8, 30))  # 10 days × 3 % = 3,000
    assert early is not None
    assert (early.days, early.amount, early.capped) == (10, Decimal("3000.00"), False)
    late = surcharge(row, D(2026, 10, 30))  # 71 days × 3 % = 213 % → the principal (第四十五条第二款)
    assert late is not None
    assert (late.amount, late.capped) == (fine, True)
    row = step(
        w,
        services.enforcement_demand,
        row,
        at(D(2026, 9, 2)),
        days=3,
        method="银行缴款",
        served_on=D(2026, 9, 2),
    )
    # 3 WD from Wed 09-02 → Mon 09-07; the decision waits until the surcharge has run > 30 days (第四十六条)
    with pytest.raises(ValidationError, match="第四十六条"):
        step(
            w,
            services.enforcement_request_decision,
            row,
            at(D(2026, 9, 8)),
            measure_text="划拨",
            today=D(2026, 9, 8),
        )
    row = step(
        w,
        services.enforcement_request_decision,
        row,
        at(D(2026, 9, 21)),
        measure_text="划拨",
        today=D(2026, 9, 21),
    )
    assert row.state == EnforcementState.DECIDING


def test_art50_51_69_substitute_performance_needs_legal_review_and_3_working_days_across_national_day(
    case_world: Any,
) -> None:
    w = case_world
    row = demand(w, start(w), D(2026, 9, 2))
    row = step(
        w,
        services.enforcement_request_decision,
        row,
        at(D(2026, 9, 20)),
        measure_text="代为拆除",
        substitute=True,
        performer="深圳市某某拆除工程有限公司",
        cost="8000",
        today=D(2026, 9, 20),
    )
    assert row.major
    assert "代履行" in row.major_reasons[0]
    run = ApprovalRun.objects.get(subject_type="coercion.enforcement", subject_id=row.pk)
    assert [s["role"] for s in run.steps] == ["legal_reviewer", "agency_head"]
    # the reviewer's queue shows it; the handler's does not (重大执法决定法制审核)
    assert [e.pk for _, e in coercion_legal_review_queue_for_user(w.reviewer)] == [row.pk]
    assert coercion_legal_review_queue_for_user(w.user_a) == []
    reviewer = Client()  # and so does the one 重大法制审核 list, beside the penalty cases
    reviewer.force_login(w.reviewer)
    page = reviewer.get("/cases/legal-review/").content.decode()
    assert "行政强制执行" in page
    assert f"/coercion/enforcements/{row.pk}/" in page
    row = decide(w.reviewer, row, at(D(2026, 9, 21)))
    row = decide(w.head, row, at(D(2026, 9, 22)))
    assert (row.state, row.legal_reviewer_id) == (EnforcementState.DECIDED, w.reviewer.pk)
    assert docs(row, "10.07")
    assert not docs(row, "10.06")
    with pytest.raises(ValidationError, match="第五十一条"):  # 催告 only once the decision is served
        step(w, services.enforcement_substitute_demand, row, at(D(2026, 9, 29)), on=D(2026, 9, 29))
    row = step(w, services.enforcement_serve_decision, row, at(D(2026, 9, 28)), served_on=D(2026, 9, 28))
    row = step(w, services.enforcement_substitute_demand, row, at(D(2026, 9, 30)), on=D(2026, 9, 30))
    # 3 WD from 09-30: 10-08 (1), 10-09 (2), 10-10 make-up Saturday (3) → performing from 10-11
    assert clock(row, "coercion.substitute_notice").due_on == D(2026, 10, 10)
    with pytest.raises(ValidationError, match="2026年10月11日"):
        step(w, services.enforcement_carry_out, row, at(D(2026, 10, 9)))
    row = step(w, services.enforcement_carry_out, row, at(D(2026, 10, 12)))
    assert (row.state, row.substitute_state) == (EnforcementState.EXECUTED, "performed")


def test_art52_immediate_substitute_performance_notifies_the_party_afterwards(case_world: Any) -> None:
    w = case_world
    row = start(w, obligation="清除道路遗洒的建筑垃圾")
    row = step(
        w,
        services.enforcement_substitute_immediately,
        row,
        at(D(2026, 10, 3), 23),  # a holiday night: Art. 52 is the emergency itself
        at=at(D(2026, 10, 3), 23),
        reason="建筑垃圾遗洒主干道，当事人不在场且不能清除",
        performer="区环卫所",
        cost="1200",
    )
    assert (row.state, row.substitute_immediate, row.emergency) == (EnforcementState.EXECUTED, True, True)
    (notice,) = docs(row, "10.07")
    assert notice.data["enforcement"]["immediate"] is True
    assert docs(row, "09.02"), "the party is told afterwards: the 代履行决定书 is served"


def test_art42_agreement_stages_and_a_waiver_only_after_remedy_and_breach_resumes(case_world: Any) -> None:
    w = case_world
    row = start(w, kind="money", principal="10000", obligation="缴纳罚款人民币10000元", due_on=D(2026, 8, 20))
    row = step(
        w,
        services.enforcement_demand,
        row,
        at(D(2026, 9, 2)),
        days=3,
        method="银行缴款",
        served_on=D(2026, 9, 2),
    )
    plan = [
        {"due_on": "2026-09-30", "content": "缴纳罚款5000元"},
        {"due_on": "2026-10-30", "content": "缴纳罚款5000元"},
    ]
    with pytest.raises(ValidationError, match="补救措施"):
        step(
            w, services.enforcement_agree, row, at(D(2026, 9, 10)), on=D(2026, 9, 10), plan=plan, waive="600"
        )
    with pytest.raises(ValidationError, match="不能超过"):  # 21 days × 300 = 6,300 accrued
        step(
            w,
            services.enforcement_agree,
            row,
            at(D(2026, 9, 10)),
            on=D(2026, 9, 10),
            plan=plan,
            waive="7000",
            remedied=True,
        )
    row = step(
        w,
        services.enforcement_agree,
        row,
        at(D(2026, 9, 10)),
        on=D(2026, 9, 10),
        plan=plan,
        waive="6300",
        remedied=True,
    )
    assert (row.state, row.surcharge_waived, len(row.agreement_plan)) == (
        EnforcementState.AGREEMENT,
        Decimal("6300.00"),
        2,
    )
    assert clock(row, "coercion.agreement").due_on == D(2026, 10, 30)
    assert docs(row, "10.08")
    row = step(w, services.enforcement_agreement_broken, row, at(D(2026, 10, 31)), on=D(2026, 10, 31))
    assert row.state == EnforcementState.DEMANDED  # 第四十二条第二款: 恢复强制执行


def test_art39_40_suspension_for_three_years_then_no_longer_enforced(case_world: Any) -> None:
    w = case_world
    row = demand(w, start(w), D(2026, 9, 2))
    row = step(
        w,
        services.enforcement_suspend,
        row,
        at(D(2026, 9, 10)),
        on=D(2026, 9, 10),
        ground="hardship",
        reason="重病",
    )
    assert row.state == EnforcementState.SUSPENDED
    assert clock(row, "coercion.suspension").due_on.year == 2029
    assert docs(row, "10.09")[0].data["enforcement"]["stage_title"] == "中止执行决定"
    with pytest.raises(ValidationError, match="第三十九条第二款"):  # not yet three years
        step(
            w,
            services.enforcement_terminate,
            row,
            at(D(2027, 9, 10)),
            on=D(2027, 9, 10),
            ground="suspended_3y",
        )
    with pytest.raises(ValidationError, match="满三年"):
        step(w, services.enforcement_resume, row, at(D(2029, 9, 11)), on=D(2029, 9, 11), reason="已康复")
    row = step(
        w, services.enforcement_terminate, row, at(D(2029, 9, 11)), on=D(2029, 9, 11), ground="suspended_3y"
    )
    assert (row.state, row.terminated_on) == (EnforcementState.TERMINATED, D(2029, 9, 11))
    assert [d.data["enforcement"]["stage_title"] for d in docs(row, "10.09")] == [
        "中止执行决定",
        "终结执行决定",
    ]


def test_art39_resumption_before_three_years_returns_to_the_step_it_left(case_world: Any) -> None:
    w = case_world
    row = demand(w, start(w), D(2026, 9, 2))
    row = step(
        w, services.enforcement_suspend, row, at(D(2026, 9, 10)), on=D(2026, 9, 10), ground="third_party"
    )
    row = step(
        w, services.enforcement_resume, row, at(D(2026, 11, 2)), on=D(2026, 11, 2), reason="第三人撤回主张"
    )
    assert (row.state, row.resumed_on) == (EnforcementState.DEMANDED, D(2026, 11, 2))
    assert clock(row, "coercion.suspension").state == "met"


def test_art53_54_court_application_10_working_days_after_the_demand_across_spring_festival(
    case_world: Any,
) -> None:
    w = case_world
    row = start(
        w,
        kind="money",
        route="court",
        principal="20000",
        obligation="缴纳罚款人民币20000元",
        decision_received_on=D(2025, 7, 20),
        due_on=D(2025, 8, 4),
    )
    # 第五十三条: 3 months from the end of the 6-month litigation period (2026-01-20) → 2026-04-20
    assert clock(row, "coercion.court_application").due_on == D(2026, 4, 20)
    row = step(
        w,
        services.enforcement_demand,
        row,
        at(D(2026, 2, 12)),
        days=10,
        method="银行缴款",
        served_on=D(2026, 2, 12),
    )
    # 第五十四条 + 第六十九条: 02-13 (1), 02-14 make-up (2), 春节 02-15..23, 02-24..27 (3–6),
    # 02-28 make-up (7), 03-02..04 (8–10): the 10 WD end on 03-04, the application is possible from 03-05
    assert clock(row, "coercion.court_wait").due_on == D(2026, 3, 4)
    with pytest.raises(ValidationError, match="2026年03月05日"):
        step(w, services.enforcement_apply_to_court, row, at(D(2026, 3, 4)), applied_on=D(2026, 3, 4))
    row = step(w, services.enforcement_apply_to_court, row, at(D(2026, 3, 5)), applied_on=D(2026, 3, 5))
    assert row.state == EnforcementState.COURT_APPLIED
    assert docs(row, "10.10")
    assert clock(row, "coercion.court_application").state == "met"
    # 第五十六条: accepted within 5 日 = 5 WD → 03-12
    assert clock(row, "coercion.court_accept").due_on == D(2026, 3, 12)


def test_art53_late_application_is_refused(case_world: Any) -> None:
    w = case_world
    row = start(
        w,
        kind="money",
        route="court",
        principal="20000",
        obligation="缴纳罚款人民币20000元",
        decision_received_on=D(2025, 7, 20),
        due_on=D(2025, 8, 4),
    )
    row = step(
        w,
        services.enforcement_demand,
        row,
        at(D(2026, 2, 12)),
        days=10,
        method="银行缴款",
        served_on=D(2026, 2, 12),
    )
    with pytest.raises(ValidationError, match="第五十三条"):
        step(w, services.enforcement_apply_to_court, row, at(D(2026, 4, 21)), applied_on=D(2026, 4, 21))


def test_art56_58_court_acceptance_and_ruling_are_tracked_7_working_days_or_30_days_when_heard(
    case_world: Any,
) -> None:
    w = case_world
    row = start(
        w,
        kind="money",
        route="court",
        principal="20000",
        obligation="缴纳罚款人民币20000元",
        decision_received_on=D(2026, 3, 2),
        due_on=D(2026, 3, 17),
    )
    row = step(
        w,
        services.enforcement_demand,
        row,
        at(D(2026, 9, 30)),
        days=10,
        method="银行缴款",
        served_on=D(2026, 9, 30),
    )
    # 10 WD from 09-30 across 国庆: 10-08, 09, 10 (make-up), 12–16, 19, 20 → from 10-21
    assert clock(row, "coercion.court_wait").due_on == D(2026, 10, 20)
    row = step(w, services.enforcement_apply_to_court, row, at(D(2026, 10, 21)), applied_on=D(2026, 10, 21))
    assert clock(row, "coercion.court_accept").due_on == D(2026, 10, 28)  # 5 WD
    row = step(w, services.enforcement_court_accept, row, at(D(2026, 10, 23)), on=D(2026, 10, 23))
    assert clock(row, "coercion.court_ruling").due_on == D(2026, 11, 3)  # 第五十七条: 7 WD
    row = step(w, services.enforcement_court_hearing, row, at(D(2026, 10, 26)))
    # 第五十八条: 30 days from 10-23 → 11-22 (a Sunday) → Monday 11-23
    assert clock(row, "coercion.court_ruling").due_on == D(2026, 11, 23)
    row = step(
        w, services.enforcement_court_ruling, row, at(D(2026, 11, 20)), on=D(2026, 11, 20), outcome="enforce"
    )
    assert (row.court_outcome, clock(row, "coercion.court_ruling").state) == ("enforce", "met")
    row = step(w, services.enforcement_record_performance, row, at(D(2026, 12, 1)), on=D(2026, 12, 1))
    assert row.state == EnforcementState.EXECUTED


def test_a_demand_the_case_served_is_seen_by_the_enforcement(case_world: Any) -> None:
    from zhifa.cases.models import Case

    w = case_world
    case = w.act(w.user_a, w.register(), "open", D(2026, 3, 10))
    case = w.approve_all(case, D(2026, 3, 10), w.leader, w.head)
    Case.objects.filter(pk=case.pk).update(  # a served penalty whose 催告 the case already served
        decided_fine=Decimal("5000"),
        decided_on=D(2026, 4, 1),
        decision_served_on=D(2026, 4, 2),
        demand_served_on=D(2026, 9, 30),
    )
    case.refresh_from_db()
    with time_machine.travel(at(D(2026, 10, 9))):
        row = services.enforcement_start(
            actor=Actor.of(w.user_a), user=w.user_a, kind="money", route="court", case=case
        )
    assert (row.state, row.principal, row.case_number) == (
        EnforcementState.DEMANDED,
        Decimal("5000.00"),
        case.number,
    )
    assert row.demand_served_on is None  # read from the case, not copied
    assert clock(row, "coercion.court_wait").due_on == D(2026, 10, 20)
    with pytest.raises(PermissionDenied), time_machine.travel(at(D(2026, 10, 9))):
        services.enforcement_start(
            actor=Actor.of(w.outsider), user=w.outsider, kind="money", route="court", case=case
        )


def test_party_facing_documents_mask_a_natural_persons_id_number(case_world: Any) -> None:
    w = case_world
    person = make_party(w.unit, kind="natural_person", name="王五", id_number="11010519491231002X")
    row = demand(w, start(w, party=person), D(2026, 9, 30))
    (paper,) = docs(row, "10.04")
    text = json.dumps(paper.data, ensure_ascii=False)
    assert "11010519491231002X" not in text
    assert paper.data["party"]["name"] == "王五"
    assert paper.data["party"]["id_number"] == person.id_number_masked
    assert "reporter" not in text
