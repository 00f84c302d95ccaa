"""Hand-written SQL twins of the selectors measured by the foundation benchmark.

Each function does, per request, what the selector does — read the user's roles, resolve the data
scope (region of the user's unit, or its subtree by recursive CTE), run the page query with the
same filters, order and LIMIT, and the prefetch — through `connection.cursor()` only.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.db.models import Model

from zhifa.core.crypto_fields import blind_index, normalise_identity
from zhifa.core.scopes import DataScope
from zhifa.orgs.models import Domain, Officer, Organisation, Role, User, UserRole
from zhifa.orgs.permissions import OrgPerm
from zhifa.parties.models import Party
from zhifa.parties.permissions import PartyPerm
from zhifa.parties.search import GRAMS_FTS, fts_phrase, index_grams, phrase
from zhifa.parties.selectors import LIST_FIELDS_DEFERRED

PAGE_ROWS = 21
LIST_DEFERRED = LIST_FIELDS_DEFERRED
MAX_CODE_HITS = 200


def _cols(model: type[Model], alias: str, exclude: tuple[str, ...] = ()) -> str:
    return ", ".join(f"{alias}.{f.column}" for f in model._meta.concrete_fields if f.attname not in exclude)


T_PARTY = Party._meta.db_table
T_ORG = Organisation._meta.db_table
T_OFFICER = Officer._meta.db_table
T_ROLE = Role._meta.db_table
T_USERROLE = UserRole._meta.db_table
T_DOMAIN = Domain._meta.db_table
T_OFFICER_DOMAINS = Officer.domains.through._meta.db_table
T_ROLE_CUSTOM = Role.custom_organisations.through._meta.db_table


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _scopes(user: User, perm: str) -> tuple[set[str], set[int]]:
    """Data scopes granting `perm` (and custom organisation ids), as zhifa.orgs.scopes does:
    the roles, then — only when a role grants `perm` through 自定义 — their organisations."""
    rows = _fetch(
        f"SELECT r.id, r.permissions, r.data_scope, r.scope_overrides FROM {T_ROLE} r "
        f"INNER JOIN {T_USERROLE} ur ON ur.role_id = r.id WHERE ur.user_id = %s",
        [user.pk],
    )
    scopes: set[str] = set()
    custom_roles: list[int] = []
    for role_id, perms, data_scope, overrides in rows:
        granted = json.loads(perms) if isinstance(perms, str) else perms
        if perm in granted:
            scope = (json.loads(overrides) if isinstance(overrides, str) else overrides or {}).get(
                perm, data_scope
            )
            scopes.add(scope)
            if scope == DataScope.CUSTOM:
                custom_roles.append(role_id)
    custom: set[int] = set()
    if custom_roles:
        custom = {
            row[0]
            for row in _fetch(
                f"SELECT rc.organisation_id FROM {T_ROLE_CUSTOM} rc WHERE rc.role_id IN ("
                + ", ".join(["%s"] * len(custom_roles))
                + ")",
                custom_roles,
            )
        }
    return scopes, custom


def _scope_sql(
    user: User, perm: str, *, org_col: str, region_col: str, owner_col: str | None
) -> tuple[str, list[Any], set[str]] | None:
    """(" AND (…)", params, scopes) restricting to the user's scope; "" for 全部; None for nothing."""
    if user.is_superuser:
        return "", [], {DataScope.ALL}
    scopes, custom = _scopes(user, perm)
    if not scopes:
        return None
    if DataScope.ALL in scopes:
        return "", [], scopes
    parts: list[str] = []
    params: list[Any] = []
    for scope in sorted(scopes):
        if scope == DataScope.SELF and owner_col:
            parts.append(f"{owner_col} = %s")
            params.append(user.pk)
        elif scope == DataScope.OWN_UNIT and user.organisation_id:
            parts.append(f"{org_col} = %s")
            params.append(user.organisation_id)
        elif scope == DataScope.UNIT_AND_BELOW and user.organisation_id:
            ids = [
                row[0]
                for row in _fetch(
                    f"WITH RECURSIVE t(id) AS (SELECT id FROM {T_ORG} WHERE id = %s "
                    f"UNION SELECT o.id FROM {T_ORG} o INNER JOIN t ON o.parent_id = t.id) "
                    "SELECT id FROM t",
                    [user.organisation_id],
                )
            ]
            parts.append(f"{org_col} IN ({', '.join(['%s'] * len(ids))})")
            params.extend(ids)
        elif scope == DataScope.REGION and user.organisation_id:
            region = _fetch(f"SELECT region_code FROM {T_ORG} WHERE id = %s", [user.organisation_id])
            if region and region[0][0]:
                parts.append(f"{region_col} LIKE %s")
                params.append(region[0][0] + "%")
        elif scope == DataScope.CUSTOM and custom:
            parts.append(f"{org_col} IN ({', '.join(['%s'] * len(custom))})")
            params.extend(sorted(custom))
    if not parts:
        return None
    return " AND (" + " OR ".join(parts) + ")", params, scopes


def _party_scope(user: User) -> tuple[str, list[Any], set[str]] | None:
    return _scope_sql(
        user,
        PartyPerm.VIEW,
        org_col="p.organisation_id",
        region_col="p.region_code",
        owner_col="p.created_by_id",
    )


def _code_sql(value: str) -> tuple[str, list[Any]]:
    """selectors.code_match: the code columns the input's shape can fill."""
    index = blind_index(value)
    parts, params = ["p.id_number_index = %s", "p.legal_rep_id_index = %s"], [index, index]
    if len(value) == 18:
        parts.append("p.uscc = %s")
        params.append(value)
    else:
        parts.append("(p.business_reg_no = %s AND NOT (p.business_reg_no = ''))")
        params.append(value)
    if len(value) == 9:
        parts.append("(p.org_code = %s AND NOT (p.org_code = ''))")
        params.append(value)
    return "(" + " OR ".join(parts) + ")", params


def party_by_pk(_: User, pk: int) -> list[tuple[Any, ...]]:
    """foundation.orm_floor by hand."""
    return _fetch(f"SELECT p.id, p.name FROM {T_PARTY} p WHERE p.id = %s", [pk])


def party_by_code(user: User, code: str) -> list[tuple[Any, ...]]:
    """party_find_by_code: exact match on the code columns, blind index for identity numbers; with
    a scope narrower than 全部 the code is looked up first (by primary key into the scope)."""
    scope = _party_scope(user)
    value = normalise_identity(code)
    if scope is None or not value:
        return []
    where, params, scopes = scope
    match, match_params = _code_sql(value)
    if DataScope.ALL not in scopes:
        match = f"p.id IN (SELECT p.id FROM {T_PARTY} p WHERE {match} LIMIT {MAX_CODE_HITS})"
    return _fetch(
        f"SELECT {_cols(Party, 'p')}, {_cols(Organisation, 'o')} FROM {T_PARTY} p "
        f"INNER JOIN {T_ORG} o ON p.organisation_id = o.id "
        f"WHERE {match}{where} ORDER BY p.status ASC, p.id ASC LIMIT 1",
        [*match_params, *params],
    )


def party_name_search(user: User, q: str) -> list[tuple[Any, ...]]:
    """party_list_for_user(q=…) first page: active parties whose name contains q, newest first,
    through the same bigram index and strategy as zhifa.parties.search."""
    scope = _party_scope(user)
    if scope is None:
        return []
    where, params, scopes = scope
    q = q.strip()
    broad = bool(scopes & {DataScope.ALL, DataScope.REGION})
    select = f"SELECT {_cols(Party, 'p', LIST_DEFERRED)}, {_cols(Organisation, 'o')} FROM {T_PARTY} p "
    join_org = f"INNER JOIN {T_ORG} o ON p.organisation_id = o.id "
    order = "p.id DESC"
    match_params: list[Any]
    if len(q) < 2:
        match, match_params = ("instr(p.name_grams, %s) > 0", [phrase(q)])
        if connection.vendor == "postgresql":
            match = "strpos(p.name_grams, %s) > 0"
    elif connection.vendor == "sqlite" and broad:
        join_org += f", {GRAMS_FTS} f "
        match, match_params = (f"f.rowid = p.id AND {GRAMS_FTS} MATCH %s", [fts_phrase(q)])
        order = "f.rowid DESC"
    elif connection.vendor == "sqlite":
        match = f"p.id IN (SELECT rowid FROM {GRAMS_FTS} WHERE {GRAMS_FTS} MATCH %s)"
        match_params = [fts_phrase(q)]
    else:
        match, match_params = "string_to_array(p.name_grams, ' ') @> %s::text[]", [index_grams(q)]
        if len(q) > 2:
            match += " AND strpos(p.name_grams, %s) > 0"
            match_params.append(phrase(q))
    return _fetch(
        f"{select}{join_org}WHERE p.status = %s AND {match}{where} ORDER BY {order} LIMIT {PAGE_ROWS}",
        ["active", *match_params, *params],
    )


def officer_list(user: User, _: Any = None) -> list[tuple[Any, ...]]:
    """officer_list_for_user first page as the list page reads it: officer + unit (the page shows
    no domains; the API and export add one domains query on both sides alike)."""
    scope = _scope_sql(
        user,
        OrgPerm.OFFICER_VIEW,
        org_col="f.organisation_id",
        region_col="f.region_code",
        owner_col="f.user_id",
    )
    if scope is None:
        return []
    where, params, _ = scope
    rows = _fetch(  # no DISTINCT: the selector adds it only for its domain filter
        f"SELECT {_cols(Officer, 'f')}, {_cols(Organisation, 'o')} "
        f"FROM {T_OFFICER} f INNER JOIN {T_ORG} o ON f.organisation_id = o.id WHERE 1 = 1{where} "
        f"ORDER BY f.organisation_id ASC, f.name ASC, f.id ASC LIMIT {PAGE_ROWS}",
        params,
    )
    return rows
