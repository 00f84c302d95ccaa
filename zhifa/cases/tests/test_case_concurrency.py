"""Two users take an action on one case at the same moment: one wins, the other is told the case
changed, and nothing of the loser's is written (row lock + version, ARCHITECTURE §4)."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection

from zhifa.cases.choices import CaseState as S
from zhifa.cases.models import Case, CaseEvent
from zhifa.cases.services import case_transition
from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict
from zhifa.core.gm import installation_sm2_keypair
from zhifa.core.models import AuditEvent
from zhifa.worklist.models import ApprovalRun


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_officers_opening_one_case_at_once_one_wins_the_other_gets_a_conflict(case_world: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks across threads need PostgreSQL (SQLite serialises writers on one file)")
    w = case_world
    installation_sm2_keypair()
    case = w.register()
    seen = case.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(user: Any) -> None:
        from django.db import connection as conn

        barrier.wait()
        try:
            case_transition(
                actor=Actor.of(user),
                user=user,
                case_id=case.pk,
                action="open",
                version=seen,
                today=date(2026, 3, 10),
            )
            result = "won"
        except Conflict as exc:
            result = f"conflict:{exc.code}"
        finally:
            conn.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker, args=(u,)) for u in (w.user_a, w.user_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["conflict:stale_case", "won"]
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.state, fresh.version) == (S.OPENING, seen + 1)
    assert CaseEvent.objects.filter(case=case, action="open").count() == 1
    assert ApprovalRun.objects.filter(subject_id=case.pk, approval_type="cases.open").count() == 1
    assert AuditEvent.objects.filter(action="cases.case.open").count() == 1
