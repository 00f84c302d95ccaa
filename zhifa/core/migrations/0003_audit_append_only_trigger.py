"""PostgreSQL only: core_auditevent is append-only.

A trigger rejects UPDATE, DELETE and TRUNCATE unless the current role is a superuser or a member
of `zhifa_audit_admin`. Together with the grants of
`manage.py grant_app_role` (the application role gets only SELECT, INSERT on the table) this
makes the audit trail tamper-evident *and* tamper-resistant for the application. SQLite has no
roles: there the SM3 chain (`manage.py audit_verify`) is the only protection.
"""

from django.db import migrations

FORWARD_SQL = [
    # The group role whose members may repair audit rows; created here when the migrating role may
    # create roles, otherwise by the DBA (`CREATE ROLE zhifa_audit_admin NOLOGIN`).
    """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zhifa_audit_admin')
       AND (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        BEGIN
            CREATE ROLE zhifa_audit_admin NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- created concurrently by a migration of another database in the cluster
        END;
    END IF;
END
$$""",
    """
CREATE OR REPLACE FUNCTION zhifa_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Superusers can disable triggers anyway; let them through (test flushes, DBA repairs).
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    -- Nested IFs: pg_has_role raises when the role does not exist, and AND does not short-circuit.
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zhifa_audit_admin') THEN
        IF pg_has_role(current_user, 'zhifa_audit_admin', 'MEMBER') THEN
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'core_auditevent is append-only: % refused for role %', TG_OP, current_user
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Only members of zhifa_audit_admin may alter audit events.';
END
$$""",
    "DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent",
    """CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION zhifa_audit_append_only()""",
    "DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent",
    """CREATE TRIGGER core_auditevent_no_truncate
    BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION zhifa_audit_append_only()""",
]

REVERSE_SQL = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent",
    "DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent",
    "DROP FUNCTION IF EXISTS zhifa_audit_append_only()",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)  # no parameters: the % in the RAISE format stays literal


def forward(apps, schema_editor):
    _run(schema_editor, FORWARD_SQL)


def reverse(apps, schema_editor):
    _run(schema_editor, REVERSE_SQL)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_calendar_keys_scheduler")]

    operations = [migrations.RunPython(forward, reverse, elidable=False)]
