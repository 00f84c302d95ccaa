"""The publication lifecycle through the services: collect, correct, publish, take down, repair,
withdraw — each test naming the rule it proves."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from zhifa.cases.choices import CaseState, Outcome
from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, ValidationError
from zhifa.core.models import AuditEvent
from zhifa.disclosure.models import PartyKind, Publication, PublicationChange, PublicationState
from zhifa.disclosure.selectors import public_publications, public_withdrawals
from zhifa.disclosure.services import (
    publication_collect,
    publication_exempt,
    publication_mark_revoked,
    publication_publish,
    publication_repair,
    publication_take_down_expired,
    publication_update,
    publication_withdraw,
)
from zhifa.parties.tests.factories import make_party, make_resident_id

from .conftest import decided_case

TODAY = date(2026, 11, 20)


def pub_of(case: Any) -> Publication:
    return Publication.objects.get(subject_type="cases.case", subject_id=case.pk)


def actor(world: Any) -> Actor:
    return Actor.of(world.user_a)


def test_collect_creates_one_pending_publication_per_effective_penalty_and_is_idempotent(
    case_world: Any, person: Any
) -> None:
    served = decided_case(case_world, decided_on=date(2026, 11, 2))
    decided_case(case_world, state=CaseState.DECIDED)  # not served: not in effect (处罚法第61条)
    decided_case(case_world, outcome=Outcome.NO_PENALTY, kinds=(), fine=None)
    on_person = decided_case(case_world, party=person, decided_on=date(2026, 11, 2), fine=Decimal(3000))
    first = publication_collect(today=TODAY)
    assert first["created"] == 2
    assert first["by_source"]["cases.case"] == 2
    p = pub_of(served)
    assert (p.state, p.kind, p.party_kind) == (PublicationState.PENDING, "penalty", PartyKind.ORGANISATION)
    assert p.due_on == date(2026, 11, 11)  # P4: 7 WD from 2026-11-02
    assert p.party_name == case_world.party.name
    assert p.penalty_kinds == ["罚款"]
    assert p.decision == "罚款20,000.00元"
    assert p.public_until == date(2027, 11, 2)  # 36号令 一般: 1 year
    assert p.search_grams
    q = pub_of(on_person)
    assert (q.party_kind, q.party_name) == (PartyKind.PERSON, "张**")
    assert "张三丰" not in q.facts
    assert "*" in q.party_code
    assert publication_collect(today=TODAY)["created"] == 0  # unique (subject_type, subject_id)
    assert Publication.objects.count() == 2
    event = AuditEvent.objects.filter(action="disclosure.publication.collect").get()
    assert '"created":2' in event.payload


def test_rule_6_3_collect_exempts_a_minor_and_samr_art2_a_warning_only_penalty(case_world: Any) -> None:
    minor = make_party(
        case_world.unit, kind="natural_person", name="李小明", id_number=make_resident_id(birth="20120301")
    )
    on_minor = decided_case(case_world, party=minor, fine=Decimal(100), decided_on=date(2026, 11, 2))
    warning = decided_case(
        case_world, kinds=("warning",), fine=None, sector="market", decided_on=date(2026, 11, 2)
    )
    publication_collect(today=TODAY)
    assert pub_of(on_minor).state == PublicationState.EXEMPT
    assert "未成年人" in pub_of(on_minor).exempt_reason
    assert pub_of(warning).state == PublicationState.EXEMPT
    assert "第二条" in pub_of(warning).exempt_reason
    assert not public_publications(today=TODAY).exists()


def test_a_decision_whose_whole_period_has_passed_is_collected_as_not_to_be_published(
    case_world: Any,
) -> None:
    old = decided_case(case_world, decided_on=date(2023, 6, 1))  # 58号令: 3 years → 2026-06-01
    publication_collect(today=TODAY)
    assert pub_of(old).state == PublicationState.EXEMPT
    assert "2026年06月01日届满" in pub_of(old).exempt_reason


def test_spec_2_1_1_5_corrections_are_traced_with_before_after_reason_and_audit(case_world: Any) -> None:
    case = decided_case(case_world, decided_on=date(2026, 11, 2), facts="经查，当事人在门店销售过期食品。")
    publication_collect(today=TODAY)
    p = pub_of(case)
    row = publication_update(
        actor=actor(case_world),
        user=case_world.user_a,
        publication_id=p.pk,
        field="facts",
        value="经查，当事人销售过期食品。",
        reason="删去门店位置",
        version=p.version,
    )
    assert row.facts == "经查，当事人销售过期食品。"
    assert row.version == p.version + 1
    change = PublicationChange.objects.get(publication=row)
    assert (change.field, change.before, change.reason) == (
        "facts",
        "经查，当事人在门店销售过期食品。",
        "删去门店位置",
    )
    assert change.actor_id == case_world.user_a.pk
    assert AuditEvent.objects.filter(action="disclosure.publication.update", subject_id=str(p.pk)).exists()
    with pytest.raises(Conflict):  # the stale form loses
        publication_update(
            actor=actor(case_world),
            publication_id=p.pk,
            field="title",
            value="x",
            reason="r",
            version=p.version,
        )
    with pytest.raises(ValidationError, match="修改理由"):
        publication_update(
            actor=actor(case_world),
            publication_id=p.pk,
            field="title",
            value="x",
            reason=" ",
            version=row.version,
        )


def test_rule_6_3_a_correction_that_reintroduces_a_name_or_id_is_refused(
    case_world: Any, person: Any
) -> None:
    case = decided_case(case_world, party=person, decided_on=date(2026, 11, 2), fine=Decimal(3000))
    publication_collect(today=TODAY)
    p = pub_of(case)
    for value in ("当事人张三丰销售过期食品", f"身份证号{make_resident_id()}"):
        with pytest.raises(ValidationError, match="未隐去的个人信息"):
            publication_update(
                actor=actor(case_world),
                publication_id=p.pk,
                field="facts",
                value=value,
                reason="补充",
                version=None,
            )
    assert pub_of(case).facts == p.facts
    assert not PublicationChange.objects.exists()


def test_publish_sets_the_clocks_and_refuses_a_record_with_an_unmasked_identity(
    case_world: Any, person: Any
) -> None:
    case = decided_case(case_world, party=person, decided_on=date(2026, 11, 2), fine=Decimal(3000))
    publication_collect(today=TODAY)
    p = pub_of(case)
    Publication.objects.filter(pk=p.pk).update(
        facts=f"当事人张三丰，身份证{make_resident_id()}"
    )  # as if typed around
    with pytest.raises(ValidationError) as err:
        publication_publish(actor=actor(case_world), publication_id=p.pk, version=None, today=TODAY)
    assert "身份证号码" in err.value.message
    assert "自然人全名" in err.value.message
    assert pub_of(case).state == PublicationState.PENDING
    Publication.objects.filter(pk=p.pk).update(facts="当事人销售过期食品。")
    row = publication_publish(
        actor=actor(case_world), user=case_world.user_a, publication_id=p.pk, version=None, today=TODAY
    )
    assert row.state == PublicationState.PUBLISHED
    assert row.published_at is not None
    assert row.reviewed_by_id == case_world.user_a.pk
    assert (row.repair_from, row.public_until) == (date(2027, 2, 2), date(2027, 11, 2))
    assert list(public_publications(today=TODAY)) == [row]
    assert PublicationChange.objects.filter(publication=row, field="state", after="已公示").exists()


def test_automatic_take_down_at_the_end_of_the_period(case_world: Any) -> None:
    case = decided_case(case_world, decided_on=date(2026, 11, 2))
    publication_collect(today=TODAY)
    p = publication_publish(
        actor=actor(case_world), publication_id=pub_of(case).pk, version=None, today=TODAY
    )
    last_day = p.public_until
    assert last_day == date(2027, 11, 2)
    assert publication_take_down_expired(today=last_day) == {"expired": 0}  # the last day is public
    assert publication_take_down_expired(today=last_day + timedelta(days=1)) == {"expired": 1}
    p.refresh_from_db()
    assert (p.state, p.end_note) == (PublicationState.EXPIRED, "公示期满，自动撤下")
    assert not public_publications(today=last_day + timedelta(days=1)).exists()
    assert AuditEvent.objects.filter(action="disclosure.publication.expire").exists()


def _published(world: Any, **kw: Any) -> Publication:
    case = decided_case(world, decided_on=date(2026, 4, 2), **kw)
    publication_collect(today=date(2026, 4, 3))
    return publication_publish(
        actor=actor(world), publication_id=pub_of(case).pk, version=None, today=date(2026, 4, 3)
    )


def test_ndrc36_credit_repair_after_the_minimum_with_obligations_performed(case_world: Any) -> None:
    p = _published(case_world, state=CaseState.EXECUTED, executed_on=date(2026, 4, 20))
    assert p.repair_from == date(2026, 7, 2)
    with pytest.raises(ValidationError, match="2026年07月02日起方可申请"):
        publication_repair(
            actor=actor(case_world), publication_id=p.pk, version=None, harm_removed=True,
            commitment="依法经营", today=date(2026, 7, 1),
        )  # fmt: skip
    row = publication_repair(
        actor=actor(case_world), user=case_world.user_a, publication_id=p.pk, version=None,
        harm_removed=True, commitment="依法经营", today=date(2026, 7, 2),
    )  # fmt: skip
    assert row.state == PublicationState.REPAIRED
    assert not public_publications(today=date(2026, 7, 2)).filter(pk=p.pk).exists()


def test_credit_repair_refused_while_the_fine_is_unpaid(case_world: Any) -> None:
    p = _published(case_world)  # served, nothing paid
    with pytest.raises(ValidationError) as err:
        publication_repair(
            actor=actor(case_world), publication_id=p.pk, version=None, harm_removed=True,
            commitment="依法经营", today=date(2026, 8, 1),
        )  # fmt: skip
    assert "尚未履行行政处罚决定规定的全部义务" in err.value.message
    assert Publication.objects.get(pk=p.pk).state == PublicationState.PUBLISHED


def test_d15_withdrawal_within_3_working_days_keeps_a_public_note(case_world: Any) -> None:
    p = _published(case_world)
    # revoked on Wed 2026-09-30: 3 WD skip 国庆 → 10-08, 10-09, Sat 10-10 (调休) → due 2026-10-10
    marked = publication_mark_revoked(
        actor=actor(case_world), publication_id=p.pk, revoked_on=date(2026, 9, 30),
        reason="行政复议决定撤销", today=date(2026, 9, 30),
    )  # fmt: skip
    assert marked.withdraw_due_on == date(2026, 10, 10)
    Publication.objects.filter(pk=p.pk).update(state=PublicationState.PENDING)
    with pytest.raises(Conflict, match="应撤回"):
        publication_publish(
            actor=actor(case_world), publication_id=p.pk, version=None, today=date(2026, 10, 8)
        )
    Publication.objects.filter(pk=p.pk).update(state=PublicationState.PUBLISHED)
    row = publication_withdraw(
        actor=actor(case_world), user=case_world.user_a, publication_id=p.pk, version=None,
        public_note="该处罚决定已被行政复议机关撤销，原公示信息撤回。", today=date(2026, 10, 9),
    )  # fmt: skip
    assert row.state == PublicationState.WITHDRAWN
    assert not public_publications(today=date(2026, 10, 9)).filter(pk=p.pk).exists()
    notes = list(public_withdrawals(today=date(2026, 10, 9)))
    assert [n.end_note for n in notes] == ["该处罚决定已被行政复议机关撤销，原公示信息撤回。"]
    change = PublicationChange.objects.filter(publication=row, field="state").last()
    assert change is not None
    assert "逾期" not in change.reason


def test_d15_a_late_withdrawal_is_recorded_as_late(case_world: Any) -> None:
    p = _published(case_world)
    row = publication_withdraw(
        actor=actor(case_world), publication_id=p.pk, version=None, revoked_on=date(2026, 9, 30),
        public_note="处罚决定已变更", today=date(2026, 10, 12),
    )  # fmt: skip
    change = PublicationChange.objects.filter(publication=row, field="state").last()
    assert change is not None
    assert "逾期：应于2026-10-10前撤回" in change.reason
    assert '"late":true' in AuditEvent.objects.filter(action="disclosure.publication.withdraw").get().payload


def test_exempt_needs_a_reason_and_only_from_pending(case_world: Any) -> None:
    case = decided_case(case_world, decided_on=date(2026, 11, 2))
    publication_collect(today=TODAY)
    p = pub_of(case)
    with pytest.raises(ValidationError, match="不予公示的理由"):
        publication_exempt(actor=actor(case_world), publication_id=p.pk, reason="", version=None)
    row = publication_exempt(
        actor=actor(case_world), publication_id=p.pk, reason="涉及商业秘密", version=None
    )
    assert (row.state, row.exempt_reason) == (PublicationState.EXEMPT, "涉及商业秘密")
    with pytest.raises(Conflict):
        publication_publish(actor=actor(case_world), publication_id=p.pk, version=None, today=TODAY)


def test_rule_6_provisional_deadlines_are_recounted_once_the_year_has_its_holidays(org_world: Any) -> None:
    """RULES rule 6: a deadline counted in a year without a holiday schedule (weekends only) is
    provisional and is recounted through the holiday table once the year is there."""
    from zhifa.disclosure.services.collect import publication_recompute_provisional

    from .factories import make_publication

    unit = org_world.agency
    before_national_day = [
        make_publication(unit, decided_on=date(2026, 9, 29), due_on=date(2026, 10, 8), due_provisional=True)
        for _ in range(2)
    ]
    settled = make_publication(unit, decided_on=date(2026, 9, 29), due_on=date(2026, 10, 8))
    assert publication_recompute_provisional() == 2
    for p in before_national_day:
        p.refresh_from_db()
        assert (p.due_on, p.due_provisional) == (date(2026, 10, 14), False)  # P4: 7 WD across 国庆
    settled.refresh_from_db()
    assert settled.due_on == date(2026, 10, 8)  # not flagged: left alone
    assert publication_recompute_provisional() == 0
