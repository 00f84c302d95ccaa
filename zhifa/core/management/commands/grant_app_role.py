"""Create (if missing) and grant the PostgreSQL role the application runs as.

Production separates two roles:

* the OWNER role (e.g. `zhifa_owner`) owns the schema. Deployments run
  `DATABASE_URL=postgres://zhifa_owner@db/zhifa manage.py migrate` and then, still as the owner,
  `manage.py grant_app_role zhifa_app --login --password-env ZHIFA_APP_DB_PASSWORD`
  (the owner needs CREATEROLE, or a DBA runs `CREATE ROLE zhifa_app LOGIN PASSWORD '…'` first);
* the APPLICATION role (e.g. `zhifa_app`) is what gunicorn and db_worker use:
  `DATABASE_URL=postgres://zhifa_app:…@db/zhifa`. It gets SELECT, INSERT, UPDATE, DELETE on every
  table and USAGE, SELECT, UPDATE on every sequence — but on `core_auditevent` only SELECT and
  INSERT, and on `core_auditchainhead` SELECT, INSERT, UPDATE (no DELETE). Default privileges
  extend the same grants to tables created by later migrations of the owner; re-running the
  command after a migration is harmless.

TRUNCATE, TRIGGER and REFERENCES are deliberately not granted ("ALL" would include TRUNCATE, which
bypasses row triggers). Independently of grants, the trigger of migration core 0003 refuses
UPDATE/DELETE/TRUNCATE of audit events for every role that is neither superuser nor a member of
`zhifa_audit_admin`, so even the owner cannot rewrite history without being made a member.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from zhifa.core.audit import Actor, audit_append

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
APPEND_ONLY = {"core_auditevent": "SELECT, INSERT", "core_auditchainhead": "SELECT, INSERT, UPDATE"}
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
SEQUENCE_PRIVILEGES = "USAGE, SELECT, UPDATE"


class Command(BaseCommand):
    help = (
        "仅PostgreSQL：创建（如不存在）并授权应用运行角色——全部表可增删改查，审计事件表只可查询和新增。"
        " 生产部署：以属主角色执行 migrate，再以属主角色执行"
        " `grant_app_role zhifa_app --login --password-env ZHIFA_APP_DB_PASSWORD`；"
        "应用（gunicorn、db_worker）用 zhifa_app 连接数据库。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="应用角色名（小写字母、数字、下划线）")
        parser.add_argument("--login", action="store_true", help="允许该角色登录（LOGIN）；默认 NOLOGIN")
        parser.add_argument(
            "--password-env", default="", help="从该环境变量读取登录密码（避免密码出现在命令行历史中）"
        )
        parser.add_argument("--schema", default="public")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("grant_app_role 仅适用于 PostgreSQL（SQLite 没有数据库角色）")
        role: str = options["role"]
        schema: str = options["schema"]
        if not ROLE_NAME.match(role) or not ROLE_NAME.match(schema):
            raise CommandError(f"角色名或模式名不合法：{role} / {schema}")
        password = ""
        if options["password_env"]:
            password = os.environ.get(options["password_env"], "")
            if not password:
                raise CommandError(f"环境变量 {options['password_env']} 为空")
        qn = connection.ops.quote_name
        r, s = qn(role), qn(schema)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_database(), current_user")
            database, owner = cursor.fetchone()
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            created = cursor.fetchone() is None
            login = "LOGIN" if options["login"] else "NOLOGIN"
            verb = "CREATE" if created else "ALTER"
            if password:
                cursor.execute(f"{verb} ROLE {r} {login} PASSWORD %s", [password])
            elif created or options["login"]:
                cursor.execute(f"{verb} ROLE {r} {login}")
            cursor.execute(f"GRANT CONNECT ON DATABASE {qn(database)} TO {r}")
            cursor.execute(f"GRANT USAGE ON SCHEMA {s} TO {r}")
            cursor.execute(f"REVOKE CREATE ON SCHEMA {s} FROM {r}")
            cursor.execute(f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {s} TO {r}")
            cursor.execute(f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA {s} TO {r}")
            for table, privileges in APPEND_ONLY.items():
                cursor.execute(f"REVOKE ALL ON {s}.{qn(table)} FROM {r}")
                cursor.execute(f"GRANT {privileges} ON {s}.{qn(table)} TO {r}")
            cursor.execute(
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT {TABLE_PRIVILEGES} ON TABLES TO {r}"
            )
            cursor.execute(
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES TO {r}"
            )
            cursor.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s "
                "AND table_type = 'BASE TABLE'",
                [schema],
            )
            tables = cursor.fetchone()[0]
            audit_append(
                actor=Actor.system("grant_app_role"),
                action="core.database.grant_app_role",
                subject=("pg_role", role),
                payload={"role": role, "created": created, "login": options["login"], "owner": owner},
            )
        summary = {"role": role, "created": created, "login": options["login"], "tables": tables}
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
