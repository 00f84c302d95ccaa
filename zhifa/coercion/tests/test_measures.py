"""行政强制措施 (查封、扣押、冻结), each test naming its article of 行政强制法 (RULES §2 Q1–Q4, Q6):
prior approval (第十八条), the 24-hour after-the-fact approval (第十九条), two qualified officers
(第十七条第三款、第十八条第二项), the 30-day term with one 30-day extension (第二十五条第一款; 冻结:
第三十二条), testing time excluded (第二十五条第三款) and release (第二十八条)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from zhifa.coercion import services
from zhifa.coercion.models import Measure, MeasureState
from zhifa.core.audit import Actor
from zhifa.core.errors import PermissionDenied, ValidationError
from zhifa.orgs.tests.factories import OfficerFactory
from zhifa.worklist.models import ApprovalRun, Deadline
from zhifa.worklist.services import approval_decide

pytestmark = pytest.mark.django_db
D = date
BJ = ZoneInfo("Asia/Shanghai")
ITEMS = [{"name": "过期奶粉", "spec": "900g/罐", "quantity": "120罐", "place": "仓库A"}]


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BJ)


def opened_case(w: Any) -> Any:
    case = w.act(w.user_a, w.register(), "open", D(2026, 3, 10))
    return w.approve_all(case, D(2026, 3, 10), w.leader, w.head)


def start(
    w: Any, case: Any, when: datetime, *, urgent: bool = False, kind: str = "seize", **kw: Any
) -> Measure:
    fn = services.measure_take_urgently if urgent else services.measure_request
    args: dict[str, Any] = {
        "actor": Actor.of(w.user_a),
        "user": w.user_a,
        "kind": kind,
        "reason": "涉嫌销售过期食品，依据食品安全法第一百一十条",
        "items": ITEMS,
        "place": "深圳市罗湖区某路1号",
        "officer_ids": [w.officer_a.pk, w.officer_b.pk],
        "case": case,
    }
    args.update(kw)
    with time_machine.travel(when):
        return fn(**args)


def decide(user: Any, m: Measure, when: datetime, decision: str = "approve", comment: str = "") -> Measure:
    run = ApprovalRun.objects.get(subject_type="coercion.measure", subject_id=m.pk, status="pending")
    with time_machine.travel(when):
        approval_decide(actor=Actor.of(user), user=user, run=run, decision=decision, comment=comment)
    m.refresh_from_db()
    return m


def clock(m: Measure, code: str) -> Deadline:
    return Deadline.objects.get(subject_type="coercion.measure", subject_id=m.pk, rule_code=code)


def test_art18_prior_approval_by_the_agency_head_puts_the_measure_in_force(case_world: Any) -> None:
    w = case_world
    case = opened_case(w)
    m = start(w, case, at(D(2026, 6, 1)))
    assert (m.state, m.started_at, m.party_name) == (MeasureState.REQUESTED, None, case.party_name)
    run = ApprovalRun.objects.get(subject_type="coercion.measure", subject_id=m.pk)
    assert (run.approval_type, [s["role"] for s in run.steps]) == ("coercion.measure", ["agency_head"])
    with pytest.raises(PermissionDenied):  # 第十八条第一项: the agency head approves, not the officer
        decide(w.user_b, m, at(D(2026, 6, 1), 11))
    m = decide(w.head, m, at(D(2026, 6, 2)))
    # 第二十五条第一款: 30 calendar days from 2026-06-02 → 07-02 (a Thursday: no roll)
    assert (m.state, m.ends_on) == (MeasureState.IN_FORCE, D(2026, 7, 2))
    assert clock(m, "coercion.term").due_on == D(2026, 7, 2)
    refused = start(w, case, at(D(2026, 6, 3)), kind="seal")
    refused = decide(w.head, refused, at(D(2026, 6, 3), 11), decision="reject", comment="证据不足")
    assert (refused.state, refused.refusal_reason, refused.ends_on) == (
        MeasureState.REFUSED,
        "证据不足",
        None,
    )


def test_art19_urgent_measure_needs_approval_within_24_hours_and_is_released_after_a_refusal(
    case_world: Any,
) -> None:
    w = case_world
    case = opened_case(w)
    m = start(w, case, at(D(2026, 6, 5), 15), urgent=True)  # a Friday afternoon
    assert (m.state, m.started_at) == (MeasureState.TAKEN_URGENTLY, at(D(2026, 6, 5), 15))
    # 第十九条: 24 hours run by the clock — Saturday 06-06 15:00, not rolled to Monday as a 日 would be;
    # the page shows the exact hour.
    assert clock(m, "coercion.urgent_approval").due_on == D(2026, 6, 6)
    client = Client()
    client.force_login(w.user_a)
    assert "2026-06-06 15:00" in client.get(f"/coercion/{m.pk}/").content.decode()
    m = decide(w.head, m, at(D(2026, 6, 6), 9), decision="reject", comment="不属于情况紧急")
    assert m.state == MeasureState.REFUSED_AFTER
    assert clock(m, "coercion.urgent_approval").state == "met"
    release_clock = clock(m, "coercion.release_now")  # 第十九条: 应当立即解除
    assert release_clock.state != "met"
    with time_machine.travel(at(D(2026, 6, 6), 10)):
        m = services.measure_release(
            actor=Actor.of(w.user_a), user=w.user_a, measure=m, ground="not_approved", on=D(2026, 6, 6)
        )
    assert (m.state, m.released_on, m.release_reason) == (
        MeasureState.RELEASED,
        D(2026, 6, 6),
        "not_approved",
    )
    release_clock.refresh_from_db()
    assert (release_clock.state, release_clock.met_on) == ("met", D(2026, 6, 6))


def test_art18_two_qualified_officers_are_required_and_nothing_is_written_otherwise(case_world: Any) -> None:
    w = case_world
    case = opened_case(w)
    with pytest.raises(ValidationError, match="不得少于2人（行政强制法第十七条、第十八条）"):
        start(w, case, at(D(2026, 6, 1)), officer_ids=[w.officer_a.pk])
    expired: Any = OfficerFactory(organisation=w.unit, name="过期", certificate_valid_to=D(2026, 1, 1))
    with pytest.raises(ValidationError, match="过期的行政执法证"):
        start(w, case, at(D(2026, 6, 1)), officer_ids=[w.officer_a.pk, expired.pk])
    foreign: Any = OfficerFactory(organisation=w.outsider.organisation, name="外单位")
    with pytest.raises(ValidationError, match="本机关执法人员"):
        start(w, case, at(D(2026, 6, 1)), officer_ids=[w.officer_a.pk, w.officer_b.pk, foreign.pk])
    assert not Measure.objects.exists()
    assert not ApprovalRun.objects.filter(subject_type="coercion.measure").exists()


def test_art25_term_of_30_calendar_days_counts_the_national_day_holiday_and_rolls_only_its_last_day(
    case_world: Any,
) -> None:
    """worklist.rules (民法典第二百零一条、第二百零三条; 强制法第六十九条 makes only ≤10-day periods working
    days): the 30 days start the day after the measure; holidays inside the period count; only a last
    day on a rest day or holiday moves to the next working day."""
    w = case_world
    case = opened_case(w)
    m = start(w, case, at(D(2026, 9, 20)), urgent=True)
    m = decide(w.head, m, at(D(2026, 9, 20), 16))
    # Taken 2026-09-20 (Sun): 09-21 is day 1, 国庆 10-01…10-07 counts, day 30 = Tue 10-20 (a working day).
    assert (m.state, m.ends_on) == (MeasureState.IN_FORCE, D(2026, 10, 20))
    assert clock(m, "coercion.term").due_on == D(2026, 10, 20)
    # Taken 2026-09-02: day 30 = 10-02, inside the National Day holiday → the first working day after it.
    late = start(w, case, at(D(2026, 9, 2)), kind="seal")
    late = decide(w.head, late, at(D(2026, 9, 2), 11))
    assert late.ends_on == D(2026, 10, 8)


def test_art25_one_extension_of_30_days_with_the_heads_approval_and_the_party_notified(
    case_world: Any,
) -> None:
    w = case_world
    case = opened_case(w)
    m = decide(w.head, start(w, case, at(D(2026, 6, 1))), at(D(2026, 6, 2)))
    assert m.ends_on == D(2026, 7, 2)
    with time_machine.travel(at(D(2026, 6, 25))):
        m = services.measure_extend(
            actor=Actor.of(w.user_a), user=w.user_a, measure=m, reason="需调取上游进货记录"
        )
    run = ApprovalRun.objects.get(subject_type="coercion.measure", subject_id=m.pk, status="pending")
    assert run.approval_type == "coercion.extension"
    m = decide(w.head, m, at(D(2026, 6, 26)))
    # 第二十五条第一款: +30 days from 07-02 → 08-01 (a Saturday) → Mon 08-03; 第二款: party told in writing
    assert (m.state, m.extended, m.ends_on, m.notified_on) == (
        MeasureState.EXTENDED,
        True,
        D(2026, 8, 3),
        D(2026, 6, 26),
    )
    assert clock(m, "coercion.term").due_on == D(2026, 8, 3)
    with pytest.raises(ValidationError, match="只能延长一次"):  # only once
        services.measure_extend(actor=Actor.of(w.user_a), user=w.user_a, measure=m, reason="再延长")


def test_art32_freezing_runs_30_days_and_extends_once_the_same_way(case_world: Any) -> None:
    w = case_world
    case = opened_case(w)
    m = start(
        w, case, at(D(2026, 6, 1)), kind="freeze", items=[{"name": "对公账户存款", "quantity": "50000元"}]
    )
    m = decide(w.head, m, at(D(2026, 6, 2)))
    term = clock(m, "coercion.term")
    assert (m.ends_on, term.title, "第三十二条" in term.basis) == (D(2026, 7, 2), "冻结期限", True)


def test_art25_testing_time_is_not_counted_and_moves_the_end_by_the_testing_days(case_world: Any) -> None:
    w = case_world
    case = opened_case(w)
    m = decide(w.head, start(w, case, at(D(2026, 6, 1))), at(D(2026, 6, 2)))
    assert m.ends_on == D(2026, 7, 2)
    with time_machine.travel(at(D(2026, 6, 10))):
        m = services.measure_testing_start(
            actor=Actor.of(w.user_a), user=w.user_a, measure=m, what="送检微生物指标", on=D(2026, 6, 10)
        )
        assert clock(m, "coercion.term").state == "suspended"
    with time_machine.travel(at(D(2026, 6, 17))):
        m = services.measure_testing_end(
            actor=Actor.of(w.user_a), user=w.user_a, measure=m, on=D(2026, 6, 17)
        )
    # 第二十五条第三款: [06-10, 06-17) = 7 days not counted → 07-02 + 7 = Thu 07-09
    assert m.ends_on == D(2026, 7, 9)
    assert clock(m, "coercion.term").due_on == D(2026, 7, 9)
    assert m.testing_periods == [
        {"what": "送检微生物指标", "started_on": "2026-06-10", "ended_on": "2026-06-17"}
    ]


def test_art28_release_records_date_and_ground_and_meets_the_term(case_world: Any) -> None:
    w = case_world
    case = opened_case(w)
    m = decide(w.head, start(w, case, at(D(2026, 6, 1))), at(D(2026, 6, 2)))
    with pytest.raises(ValidationError, match="第二十八条"):
        services.measure_release(actor=Actor.of(w.user_a), user=w.user_a, measure=m, ground="")
    with pytest.raises(PermissionDenied):
        services.measure_release(actor=Actor.of(w.outsider), user=w.outsider, measure=m, ground="decided")
    with time_machine.travel(at(D(2026, 6, 20))):
        m = services.measure_release(
            actor=Actor.of(w.user_a), user=w.user_a, measure=m, ground="decided", note="已作出没收决定"
        )
    term = clock(m, "coercion.term")
    assert (m.state, m.released_on, term.state, term.met_on) == (
        MeasureState.RELEASED,
        D(2026, 6, 20),
        "met",
        D(2026, 6, 20),
    )


def test_a_standalone_measure_names_its_party_and_outsiders_get_404(case_world: Any) -> None:
    w = case_world
    case = opened_case(w)
    alone = start(w, None, at(D(2026, 6, 1)), party=w.person, organisation=w.unit)
    assert (alone.case_id, alone.party_name, alone.organisation_id) == (None, "王某", w.unit.pk)
    m = start(w, case, at(D(2026, 6, 1)))
    outsider = Client()
    outsider.force_login(w.outsider)
    assert outsider.get(f"/coercion/{m.pk}/").status_code == 404
    assert outsider.get(f"/coercion/new/?case={case.pk}").status_code == 404
    assert case.party_name not in outsider.get("/coercion/").content.decode()
    own = Client()
    own.force_login(w.user_a)
    assert own.get(f"/coercion/{m.pk}/").status_code == 200
    assert own.get(f"/coercion/new/?case={case.pk}").status_code == 200
    assert case.party_name in own.get("/coercion/?kind=seize").content.decode()
    head = Client()
    head.force_login(w.head)  # the approver reaches the measure through its approval page
    run = ApprovalRun.objects.get(subject_type="coercion.measure", subject_id=m.pk)
    assert head.get(f"/worklist/approvals/{run.pk}/").status_code == 200


def test_the_pages_take_a_measure_urgently_and_release_it_after_approval(case_world: Any) -> None:
    w = case_world
    case = opened_case(w)
    own = Client()
    own.force_login(w.user_a)
    with time_machine.travel(at(D(2026, 6, 1))):
        response = own.post(
            f"/coercion/new/?case={case.pk}",
            {
                "case": case.pk,
                "kind": "seal",
                "reason": "现场发现过期食品，情况紧急",
                "place": "仓库A",
                "officers": [w.officer_a.pk, w.officer_b.pk],
                "item_name": ["过期奶粉", ""],
                "item_spec": ["900g/罐", ""],
                "item_quantity": ["120罐", ""],
                "item_place": ["仓库A", ""],
                "urgent": "1",
            },
        )
    m = Measure.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/coercion/{m.pk}/")
    assert (m.state, m.items[0]["name"], len(m.items)) == (MeasureState.TAKEN_URGENTLY, "过期奶粉", 1)
    m = decide(w.head, m, at(D(2026, 6, 1), 18))
    with time_machine.travel(at(D(2026, 6, 1), 19)):  # the idle-session timeout follows the clock
        own.force_login(w.user_a)
        page = own.get(f"/coercion/{m.pk}/").content.decode()
    assert 'data-step="release"' in page
    assert 'data-step="extend"' in page
    with time_machine.travel(at(D(2026, 6, 3))):
        own.force_login(w.user_a)
        own.post(f"/coercion/{m.pk}/step/release/", {"version": m.version, "ground": "no_violation"})
    m.refresh_from_db()
    assert (m.state, m.released_on) == (MeasureState.RELEASED, D(2026, 6, 3))
    own.force_login(w.user_a)
    assert own.get("/coercion/?expiring=1").status_code == 200
