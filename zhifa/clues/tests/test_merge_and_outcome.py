"""Duplicates (same party or within 200 m, same violation, within 30 days), merging with links
kept, replies reaching every reporter (e-mail delivered), opening a case carrying the data over."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from zhifa.clues.choices import ClueState
from zhifa.clues.models import Clue, ClueReply, ClueSetting
from zhifa.clues.replies import ConsoleSmsAdapter
from zhifa.clues.rules import haversine_m
from zhifa.clues.services import (
    ReporterInput,
    clue_accept,
    clue_assign,
    clue_assign_officer,
    clue_duplicates,
    clue_merge,
    clue_open_case,
    clue_reply,
)
from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, ValidationError
from zhifa.orgs.tests.factories import OfficerFactory
from zhifa.parties.tests.factories import make_party, make_uscc
from zhifa.worklist.models import Deadline

from .conftest import ClueWorld, SmtpInbox, at

pytestmark = pytest.mark.django_db

# 0.0018° of latitude ≈ 200.2 m; 0.0017° ≈ 189 m.
NEAR = Decimal("22.548700")  # ≈ 189 m north of 22.547000
FAR = Decimal("22.548900")  # ≈ 211 m north


def test_haversine_matches_known_distance() -> None:
    assert abs(haversine_m(22.547, 114.12, 22.5487, 114.12) - 189.0) < 1
    assert abs(haversine_m(39.9042, 116.4074, 31.2304, 121.4737) - 1_067_000) < 5_000  # Beijing–Shanghai


def test_duplicates_within_200_m_and_30_days_are_found_and_not_outside(world: ClueWorld) -> None:
    other_party = make_party(world.child, name="另一家公司", uscc=make_uscc(area="440303"))
    base = world.register()
    near = world.register(party=other_party, lat=NEAR, received_at=at(2026, 5, 20))
    far = world.register(party=other_party, lat=FAR, received_at=at(2026, 5, 20))
    same_party_elsewhere = world.register(lat=Decimal("22.600000"), received_at=at(2026, 5, 1))
    late = world.register(received_at=at(2026, 5, 29))  # 31 days later
    other_act = world.register(violation="无照经营")
    other_domain = world.register(domain="environment")
    found = {c.clue.pk: c for c in clue_duplicates(base)}
    assert set(found) == {near.pk, same_party_elsewhere.pk}
    distance = found[near.pk].distance_m
    assert distance is not None
    assert 180 < distance < 200
    assert "同一当事人" in found[same_party_elsewhere.pk].reasons
    assert {far.pk, late.pk, other_act.pk, other_domain.pk}.isdisjoint(found)
    # The window and radius are configuration.
    ClueSetting.objects.filter(organisation__isnull=True).update(
        duplicate_radius_m=250, duplicate_window_days=31
    )
    assert {c.clue.pk for c in clue_duplicates(base)} == {near.pk, far.pk, same_party_elsewhere.pk, late.pk}


def _email_reporter(name: str, email: str) -> ReporterInput:
    return ReporterInput(name=name, email=email, channel="email")


def test_merge_keeps_links_and_every_reporter_hears_the_reply(
    world: ClueWorld, django_capture_on_commit_callbacks: Any, smtp_server: SmtpInbox
) -> None:
    """E-mail goes through Django's SMTP backend to a real SMTP server (aiosmtpd, smtp_server)."""
    ConsoleSmsAdapter.outbox.clear()
    target = world.register(reporters=[_email_reporter("甲", "a@example.com")])
    dup = world.register(
        lat=NEAR,
        reporters=[ReporterInput(name="乙", phone="13700001111", channel="sms")],
        received_at=at(2026, 4, 29),
    )
    dup2 = world.register(
        reporters=[_email_reporter("丙", "c@example.com"), ReporterInput(name="丁", wants_reply=False)]
    )
    target = clue_accept(actor=Actor.of(world.manager), clue=target)
    dup = clue_assign(
        actor=Actor.of(world.manager),
        clue=clue_accept(actor=Actor.of(world.manager), clue=dup),
        unit=world.child,
    )
    clue_merge(actor=Actor.of(world.manager), clue=dup, into=target, note="同一门店")
    with pytest.raises(Conflict):
        clue_merge(actor=Actor.of(world.manager), clue=dup2, into=dup)  # a merged clue takes no more
    clue_merge(actor=Actor.of(world.manager), clue=dup2, into=target)
    dup.refresh_from_db()
    assert dup.state == ClueState.MERGED
    assert dup.merged_into == target
    assert set(target.merged_clues.values_list("pk", flat=True)) == {dup.pk, dup2.pk}
    assert dup.reporters.count() == 1  # reporters stay on their clue
    assert Deadline.objects.get(subject_type="clues.clue", subject_id=dup.pk).state == "cancelled"
    with pytest.raises(ValidationError):
        clue_reply(actor=Actor.of(world.manager), clue=dup, content="x")

    with django_capture_on_commit_callbacks(execute=True):
        replies = clue_reply(actor=Actor.of(world.manager), clue=target, content="经核查，已立案调查。")
    assert len(replies) == 3  # 甲 (e-mail), 乙 (SMS), 丙 (e-mail); 丁 asked for none
    assert set(ClueReply.objects.values_list("status", flat=True)) == {"sent"}
    received = smtp_server.wait_for(2)
    assert sorted(r.rcpt_tos[0] for r in received) == ["a@example.com", "c@example.com"]
    assert all("经核查，已立案调查。" in r.body and target.number in r.body for r in received)
    assert ConsoleSmsAdapter.outbox[-1][0] == "13700001111"


def test_a_failed_delivery_is_recorded_not_raised(
    world: ClueWorld, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "zhifa.clues.tests.test_merge_and_outcome.BrokenBackend"
    clue = world.register()
    with django_capture_on_commit_callbacks(execute=True):
        clue_reply(actor=Actor.of(world.manager), clue=clue, content="答复")
    reply = ClueReply.objects.get()
    assert reply.status == "failed"
    assert "SMTP down" in reply.error


class BrokenBackend:
    def __init__(self, **kwargs: Any) -> None: ...

    def send_messages(self, messages: Any) -> int:
        raise OSError("SMTP down")


def test_open_case_carries_the_clue_over_and_marks_it_handled(world: ClueWorld) -> None:
    clue = world.register(occurred_on=date(2026, 4, 20))
    clue = clue_accept(actor=Actor.of(world.manager), clue=clue)
    clue = clue_assign(actor=Actor.of(world.manager), clue=clue, unit=world.child)
    clue = clue_assign_officer(actor=Actor.of(world.child_leader), clue=clue, officer=world.officer)
    case = clue_open_case(actor=Actor.of(world.officer_user), clue=clue, today=date(2026, 5, 6))
    clue.refresh_from_db()
    assert clue.state == ClueState.HANDLED
    assert clue.outcome == "opened_case"
    assert clue.case_id == case.pk
    assert case.party == world.party
    assert case.cause == "销售过期食品"
    assert (case.act_on, case.discovered_on) == (date(2026, 4, 20), date(2026, 4, 28))
    assert case.source == "complaint"
    assert case.place == clue.place
    assert case.facts == clue.content
    assert case.organisation == world.child
    # The reporter's identity is not carried into the case (party-facing papers draw on it).
    assert "陈小明" not in f"{case.facts} {case.cause} {case.place}"
    assert Deadline.objects.get(subject_type="clues.clue", subject_id=clue.pk).state == "met"
    with pytest.raises(Conflict):
        clue_open_case(actor=Actor.of(world.officer_user), clue=clue, today=date(2026, 5, 6))


def test_open_case_needs_a_party(world: ClueWorld) -> None:
    clue = clue_accept(actor=Actor.of(world.manager), clue=world.register(party=None, party_name="某商户"))
    with pytest.raises(ValidationError, match="当事人"):
        clue_open_case(
            actor=Actor.of(world.manager), clue=clue, officers=[world.officer], today=date(2026, 5, 6)
        )
    assert Clue.objects.get(pk=clue.pk).state == "accepted"


def test_open_inspection_carries_the_party_and_domain_over(world: ClueWorld) -> None:
    """转入检查: the clue becomes an inspection of its party in its domain, linked from the clue."""
    from zhifa.clues.services import clue_open_inspection
    from zhifa.inspections.models import Inspection

    clue = world.register()
    clue = clue_accept(actor=Actor.of(world.manager), clue=clue)
    clue = clue_assign(actor=Actor.of(world.manager), clue=clue, unit=world.child)
    second: Any = OfficerFactory(organisation=world.child, name="李四")
    second.domains.add(world.officer.domains.first())
    with pytest.raises(ValidationError, match="两名以上"):
        clue_open_inspection(
            actor=Actor.of(world.child_leader), clue=clue, officers=[world.officer], today=date(2026, 5, 6)
        )
    inspection = clue_open_inspection(
        actor=Actor.of(world.child_leader),
        clue=clue,
        officers=[world.officer, second],
        today=date(2026, 5, 6),
    )
    clue.refresh_from_db()
    assert (clue.state, clue.outcome, clue.inspection_id) == (
        ClueState.HANDLED,
        "opened_inspection",
        inspection.pk,
    )
    stored = Inspection.objects.get(pk=inspection.pk)
    assert stored.party_id == world.party.pk
    assert stored.organisation_id == world.child.pk
    assert Deadline.objects.get(subject_type="clues.clue", subject_id=clue.pk).state == "met"
