"""audit_verify names exactly the event whose stored bytes were changed behind the application's back."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from zhifa.core.audit import Actor, audit_append, audit_verify, audit_verify_summary
from zhifa.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db

EVENTS = 8


@pytest.fixture
def chain() -> list[AuditEvent]:
    start = datetime(2026, 3, 7, 1, 2, 3, 456789, tzinfo=UTC)
    events = []
    for i in range(EVENTS):
        actor = Actor(id=100 + i, label=f"执法员{i}号", organisation_id=7 + i, ip=f"10.0.0.{i + 10}")
        events.append(
            audit_append(
                actor=actor,
                action=f"cases.case.transition{i}",
                subject=("cases.case", f"C-2026-{i:04d}"),
                payload={"from": "registered", "to": "investigating", "序号": i, "金额": "2000.00"},
                occurred_at=start + timedelta(minutes=i, microseconds=i * 111),
            )
        )
    return events


@pytest.fixture
def tamperable() -> None:
    """On PostgreSQL the append-only trigger is disabled for this (rolled-back) test only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")


def raw_value(pk: int, column: str) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM core_auditevent WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def raw_update(pk: int, column: str, value: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE core_auditevent SET {column} = %s WHERE id = %s", [value, pk])


def other_char(c: str) -> str:
    if c.isdigit():
        return "7" if c != "7" else "3"
    if c in "abcdef":
        return "0" if c != "0" else "1"
    return "X" if c != "X" else "Y"


def flip_char(text: str, position: int) -> str:
    chars = list(text)
    chars[position] = other_char(chars[position])
    return "".join(chars)


TEXT_FIELDS = ["actor_label", "action", "subject_type", "subject_id", "ip", "payload", "prev_hash", "hash"]


def tamper_cases() -> list[tuple[str, str]]:
    cases = [(field, where) for field in TEXT_FIELDS for where in ("first", "middle", "last")]
    cases += [("actor_id", "last"), ("actor_id", "first"), ("organisation_id", "last")]
    cases += [("occurred_at", "microsecond"), ("occurred_at", "second")]
    cases += [("seq", "up"), ("seq", "down")]
    return cases


def tamper(event: AuditEvent, field: str, where: str) -> None:
    pk = event.pk
    if field in TEXT_FIELDS:
        text = raw_value(pk, field)
        position = {"first": 0, "middle": len(text) // 2, "last": len(text) - 1}[where]
        raw_update(pk, field, flip_char(text, position))
    elif field in ("actor_id", "organisation_id"):
        digits = str(raw_value(pk, field))
        raw_update(pk, field, int(flip_char(digits, 0 if where == "first" else -1)))
    elif field == "seq":
        # One digit: to a free number above the chain ("up") or to 0, below it ("down").
        raw_update(pk, field, EVENTS + 1 if where == "up" else 0)
    else:  # occurred_at: stored text on SQLite, timestamptz on PostgreSQL — change its last digits
        value = raw_value(pk, field)
        if isinstance(value, str):
            position = len(value) - 1 if where == "microsecond" else value.rindex(":") + 2
            raw_update(pk, field, flip_char(value, position))
        else:
            delta = timedelta(microseconds=1) if where == "microsecond" else timedelta(seconds=1)
            raw_update(pk, field, value + delta)


def test_intact_chain_verifies(chain: list[AuditEvent]) -> None:
    assert audit_verify(chunk_size=3) is None
    assert audit_verify_summary() == {"audit_events": EVENTS, "intact": True}


@pytest.mark.parametrize("index", [0, 3, EVENTS - 1], ids=["first", "middle", "last"])
@pytest.mark.parametrize(("field", "where"), tamper_cases())
def test_changing_one_stored_byte_names_exactly_that_event(
    chain: list[AuditEvent], tamperable: None, index: int, field: str, where: str
) -> None:
    victim = chain[index]
    tamper(victim, field, where)
    broken = audit_verify(chunk_size=3)
    assert broken is not None
    assert broken.event_id == victim.pk, broken
    if field == "seq" and where == "down":
        assert broken.seq == 0  # the renumbered row is met first, under its new number
    else:
        assert broken.seq == victim.seq, broken


def test_every_field_of_the_event_is_covered_by_the_tamper_test() -> None:
    covered = {field for field, _ in tamper_cases()}
    stored = {f.column for f in AuditEvent._meta.concrete_fields} - {"id"}
    assert stored == covered


def test_deleted_event_is_reported_as_missing(chain: list[AuditEvent], tamperable: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [chain[4].pk])
    broken = audit_verify()
    assert broken is not None
    assert broken.seq == chain[4].seq
    assert broken.event_id is None
    assert "缺失" in broken.reason


def test_truncated_tail_is_caught_by_the_chain_head(chain: list[AuditEvent], tamperable: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [chain[-1].pk])
    broken = audit_verify()
    assert broken is not None
    assert broken.seq == chain[-1].seq
    assert "尾部" in broken.reason


def test_forged_head_hash_is_reported(chain: list[AuditEvent]) -> None:
    AuditChainHead.objects.filter(pk=1).update(last_hash="f" * 64)
    broken = audit_verify()
    assert broken is not None
    assert broken.seq == chain[-1].seq
    assert "链头" in broken.reason


def test_empty_chain_is_intact() -> None:
    assert audit_verify() is None


def test_command_prints_json_and_exits_zero_when_intact(chain: list[AuditEvent]) -> None:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert json.loads(out.getvalue()) == {"audit_events": EVENTS, "intact": True}


def test_command_exits_one_and_names_the_first_broken_event(
    chain: list[AuditEvent], tamperable: None
) -> None:
    tamper(chain[2], "payload", "middle")
    tamper(chain[5], "action", "first")
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify", "--chunk-size", "2", stdout=out)
    assert exit_info.value.code == 1
    summary = json.loads(out.getvalue())
    assert summary["intact"] is False
    assert summary["audit_events"] == EVENTS
    assert summary["first_broken_seq"] == chain[2].seq
    assert summary["event_id"] == chain[2].pk
    assert summary["reason"]


def test_rolled_back_write_leaves_no_event_and_chain_intact(chain: list[AuditEvent]) -> None:
    def failing_write() -> None:
        with transaction.atomic():
            audit_append(actor=Actor.system(), action="core.test.rollback")
            raise RuntimeError("write failed after the audit append")

    with pytest.raises(RuntimeError):
        failing_write()
    assert AuditEvent.objects.count() == EVENTS
    assert audit_verify() is None
