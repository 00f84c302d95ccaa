"""Hand-written SQL twins of the list pages measured by `bench intake`: what the clue list (线索查询)
and the inspection lists (检查任务, 我的检查) read for one page — the user's roles, the data scope
(subtree by recursive CTE), the paginator's COUNT and the page of 20 with the joined units — with
the same filters and order, through `connection.cursor()` only."""

from __future__ import annotations

from typing import Any

from zhifa.clues.models import Clue
from zhifa.clues.permissions import CluePerm
from zhifa.core.scopes import DataScope
from zhifa.inspections.models import Inspection, InspectionOfficer
from zhifa.inspections.permissions import InspectionPerm
from zhifa.orgs.models import Domain, Organisation, User

from .sql import _cols, _fetch, _scopes
from .sql_cases import _subtree

T_CLUE = Clue._meta.db_table
T_INSPECTION = Inspection._meta.db_table
T_INSPECTION_OFFICER = InspectionOfficer._meta.db_table
T_ORG = Organisation._meta.db_table
T_DOMAIN = Domain._meta.db_table
PER_PAGE = 20  # zhifa.orgs.views.common.PER_PAGE


def _in(ids: list[int] | set[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def _contains(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _like(column: str) -> str:
    return f"{column} LIKE %s ESCAPE '\\'"


def _region(user: User) -> str:
    found = _fetch(f"SELECT region_code FROM {T_ORG} WHERE id = %s", [user.organisation_id])
    return found[0][0] if found and found[0][0] else ""


def _page(count_sql: str, rows_sql: str, params: list[Any]) -> tuple[int, list[tuple[Any, ...]]]:
    """Paginator(…).get_page(1): the COUNT, then (only when there are rows) the first page."""
    count = _fetch(count_sql, params)[0][0]
    if not count:
        return 0, []
    return count, _fetch(f"{rows_sql} LIMIT {PER_PAGE}", params)


# -- 线索 ------------------------------------------------------------------------------------------


def clue_scope(user: User, perm: str = CluePerm.VIEW) -> tuple[str, list[Any]] | None:
    """zhifa.clues.selectors.clue_scope_q: the registering unit's or the handling unit's scope;
    本人 = the registrant or the handling officer. (" AND (…)", params), "" for 全部, None: nothing."""
    if user.is_superuser:
        return "", []
    scopes, custom = _scopes(user, perm)
    if not scopes or DataScope.ALL in scopes:
        return ("", []) if scopes else None
    parts: list[str] = []
    params: list[Any] = []
    for scope in scopes:
        if scope == DataScope.SELF:
            parts.append("c.created_by_id = %s OR c.handler_user_id = %s")
            params += [user.pk, user.pk]
        elif scope == DataScope.OWN_UNIT and user.organisation_id:
            parts.append("c.organisation_id = %s OR c.handling_unit_id = %s")
            params += [user.organisation_id, user.organisation_id]
        elif scope == DataScope.UNIT_AND_BELOW and user.organisation_id:
            ids = _subtree(user.organisation_id)
            parts.append(f"c.organisation_id IN ({_in(ids)}) OR c.handling_unit_id IN ({_in(ids)})")
            params += [*ids, *ids]
        elif scope == DataScope.REGION and user.organisation_id:
            region = _region(user)
            if region:
                parts.append("c.region_code LIKE %s OR c.handling_region_code LIKE %s")
                params += [region + "%", region + "%"]
        elif scope == DataScope.CUSTOM and custom:
            ids = sorted(custom)
            parts.append(f"c.organisation_id IN ({_in(ids)}) OR c.handling_unit_id IN ({_in(ids)})")
            params += [*ids, *ids]
    if not parts:
        return None
    return " AND (" + " OR ".join(parts) + ")", params


def clue_list(user: User, filters: dict[str, Any]) -> tuple[int, list[tuple[Any, ...]]]:
    """The 线索 list page: Paginator(clue_list_for_user(user, **filters), 20).get_page(1)."""
    scope = clue_scope(user)
    if scope is None:
        return 0, []
    where, params = scope
    sql = "1 = 1"
    extra: list[Any] = []
    for key in ("channel", "state", "domain"):
        if filters.get(key):
            sql += f" AND c.{key} = %s"
            extra.append(filters[key])
    q = str(filters.get("q", ""))
    if q:
        cols = ("c.number", "c.violation", "c.party_name", "c.place")
        sql += " AND (" + " OR ".join(_like(c) for c in cols) + ")"
        extra += [_contains(q)] * len(cols)
    return _page(
        f"SELECT COUNT(*) FROM {T_CLUE} c WHERE {sql}{where}",
        f"SELECT {_cols(Clue, 'c')}, {_cols(Organisation, 'o')}, {_cols(Organisation, 'h')} "
        f"FROM {T_CLUE} c INNER JOIN {T_ORG} o ON c.organisation_id = o.id "
        f"LEFT OUTER JOIN {T_ORG} h ON c.handling_unit_id = h.id "
        f"WHERE {sql}{where} ORDER BY c.received_at DESC, c.id DESC",
        [*extra, *params],
    )


def clue_by_pk(_: User, pk: int) -> list[tuple[Any, ...]]:
    """The ORM floor's twin on the clue table."""
    return _fetch(f"SELECT c.id, c.number FROM {T_CLUE} c WHERE c.id = %s", [pk])


# -- 检查任务 --------------------------------------------------------------------------------------


def _mine(user: User) -> str:
    return f"i.id IN (SELECT m.inspection_id FROM {T_INSPECTION_OFFICER} m WHERE m.user_id = {int(user.pk)})"


def inspection_scope(user: User, perm: str = InspectionPerm.VIEW) -> tuple[str, list[Any]] | None:
    """zhifa.inspections.selectors.inspection_list_for_user's scope: the unit's paths; 本人 = one of
    the inspection's officers."""
    if user.is_superuser:
        return "", []
    scopes, custom = _scopes(user, perm)
    if not scopes or DataScope.ALL in scopes:
        return ("", []) if scopes else None
    parts: list[str] = []
    params: list[Any] = []
    for scope in scopes:
        if scope == DataScope.SELF:
            parts.append(_mine(user))
        elif scope == DataScope.OWN_UNIT and user.organisation_id:
            parts.append("i.organisation_id = %s")
            params.append(user.organisation_id)
        elif scope == DataScope.UNIT_AND_BELOW and user.organisation_id:
            ids = _subtree(user.organisation_id)
            parts.append(f"i.organisation_id IN ({_in(ids)})")
            params += ids
        elif scope == DataScope.REGION and user.organisation_id:
            region = _region(user)
            if region:
                parts.append("i.region_code LIKE %s")
                params.append(region + "%")
        elif scope == DataScope.CUSTOM and custom:
            parts.append(f"i.organisation_id IN ({_in(custom)})")
            params += sorted(custom)
    if not parts:
        return None
    return " AND (" + " OR ".join(parts) + ")", params


def inspection_list(user: User, filters: dict[str, Any]) -> tuple[int, list[tuple[Any, ...]]]:
    """检查任务 / 我的检查: Paginator(inspection_list_for_user(user, **filters), 20).get_page(1)."""
    scope = inspection_scope(user)
    if scope is None:
        return 0, []
    where, params = scope
    sql = "1 = 1"
    extra: list[Any] = []
    if filters.get("mine") and where != f" AND ({_mine(user)})":
        sql += f" AND {_mine(user)}"
    if filters.get("state"):
        sql += " AND i.state = %s"
        extra.append(filters["state"])
    if filters.get("q"):
        sql += f" AND {_like('i.party_name')}"
        extra.append(_contains(filters["q"]))
    return _page(
        f"SELECT COUNT(*) FROM {T_INSPECTION} i WHERE {sql}{where}",
        "SELECT i.id, i.party_name, i.warnings, i.state, i.due_on, i.created_at, i.organisation_id, "
        "i.domain_id, o.id, o.name, d.id, d.name "
        f"FROM {T_INSPECTION} i INNER JOIN {T_ORG} o ON i.organisation_id = o.id "
        f"INNER JOIN {T_DOMAIN} d ON i.domain_id = d.id "
        f"WHERE {sql}{where} ORDER BY i.created_at DESC, i.id DESC",
        [*extra, *params],
    )
