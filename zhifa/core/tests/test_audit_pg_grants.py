"""PostgreSQL: the application role may read and append audit events but never rewrite them."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from zhifa.core.audit import Actor, audit_append, audit_verify

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the grant model (application role, append-only trigger) exists only on PostgreSQL",
    ),
]

APP_ROLE = f"zhifa_app_test_{os.getpid()}"


def _admin_sql(*statements: str) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def app_role(transactional_db: Any) -> Iterator[str]:
    _admin_sql(f"DROP ROLE IF EXISTS {APP_ROLE}")
    yield APP_ROLE
    _admin_sql(f"DROP OWNED BY {APP_ROLE}", f"DROP ROLE IF EXISTS {APP_ROLE}")


def connect_as(role: str) -> Any:
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        dbname=s["NAME"],
        user=role,
        autocommit=True,
    )


def test_application_role_can_insert_and_select_but_not_update_or_delete_audit_events(app_role: str) -> None:
    import psycopg.errors

    first = audit_append(actor=Actor.system(), action="core.test.seed", payload={"n": 1})
    out = StringIO()
    call_command("grant_app_role", app_role, "--login", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["role"] == app_role
    assert summary["created"] is True
    assert summary["login"] is True

    with connect_as(app_role) as conn:
        cur = conn.cursor()
        cur.execute("SELECT current_user, count(*) FROM core_auditevent")
        assert cur.fetchone() == (app_role, 2)  # the seed event and the grant itself
        cur.execute(
            "INSERT INTO core_auditevent (seq, occurred_at, actor_label, action, subject_type, subject_id,"
            " ip, payload, prev_hash, hash) VALUES (999, now(), 'app', 'core.test.insert', '', '', '',"
            " '{}', '', '')"
        )
        cur.execute("SELECT count(*) FROM core_auditevent WHERE seq = 999")
        assert cur.fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            cur.execute("UPDATE core_auditevent SET payload = '{}' WHERE seq = %s", [first.seq])
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            cur.execute("DELETE FROM core_auditevent WHERE seq = %s", [first.seq])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute("TRUNCATE core_auditevent")
        # The chain head may move on (appends update it) but not disappear.
        cur.execute("UPDATE core_auditchainhead SET last_seq = last_seq WHERE id = 1")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute("DELETE FROM core_auditchainhead")
        # Every other table: full read/write (here: the calendar).
        cur.execute("UPDATE core_holiday SET name = name WHERE id = (SELECT min(id) FROM core_holiday)")

        # Even with an UPDATE grant the trigger refuses — the second, independent layer.
        _admin_sql(f"GRANT UPDATE, DELETE ON core_auditevent TO {app_role}")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            cur.execute("UPDATE core_auditevent SET payload = '{}' WHERE seq = %s", [first.seq])
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            cur.execute("DELETE FROM core_auditevent WHERE seq = %s", [first.seq])

        # Members of zhifa_audit_admin may repair rows (and the chain then reports the change).
        _admin_sql(f"GRANT zhifa_audit_admin TO {app_role}")
        cur.execute("UPDATE core_auditevent SET payload = '{\"n\":2}' WHERE seq = %s", [first.seq])
    broken = audit_verify()
    assert broken is not None
    assert broken.seq == first.seq


def test_grant_command_is_idempotent(app_role: str) -> None:
    call_command("grant_app_role", app_role, stdout=StringIO())
    out = StringIO()
    call_command("grant_app_role", app_role, stdout=out)
    assert json.loads(out.getvalue())["created"] is False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants"
            " WHERE grantee = %s AND table_name = 'core_auditevent' ORDER BY 1",
            [app_role],
        )
        assert [row[0] for row in cursor.fetchall()] == ["INSERT", "SELECT"]
        cursor.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", [app_role])
        assert cursor.fetchone() == (False,)


def test_grant_command_rejects_unsafe_role_names(transactional_db: Any) -> None:
    with pytest.raises(CommandError, match="不合法"):
        call_command("grant_app_role", 'x"; DROP TABLE core_auditevent; --', stdout=StringIO())
