"""Hand-written SQL twins of the reads measured by `bench cases` (same statements as the selectors:
roles, scope, page query with the same filters, order, LIMIT and columns, and the prefetches)."""

from __future__ import annotations

from typing import Any

from zhifa.cases.choices import OPEN_STATES
from zhifa.cases.models import Case, CaseEvent, CaseHandler
from zhifa.cases.permissions import CasePerm
from zhifa.core.scopes import DataScope
from zhifa.documents.models import Document
from zhifa.legal.models import Power
from zhifa.orgs.models import Officer, Organisation, Role, User, UserRole
from zhifa.parties.models import Party
from zhifa.worklist.models import ApprovalDecision, ApprovalRun, Deadline, Task
from zhifa.worklist.services.approvals import REACHES_BELOW

from .sql import _cols, _fetch, _scopes

T_CASE = Case._meta.db_table
T_HANDLER = CaseHandler._meta.db_table
T_EVENT = CaseEvent._meta.db_table
T_ORG = Organisation._meta.db_table
T_TASK = Task._meta.db_table
T_DEADLINE = Deadline._meta.db_table
T_USER = User._meta.db_table
T_ROLE = Role._meta.db_table
T_USERROLE = UserRole._meta.db_table
SUBJECT = "cases.case"
LIST_COLUMNS = (
    "id",
    "number",
    "procedure",
    "state",
    "cause",
    "party_name",
    "party_kind",
    "organisation_id",
    "region_code",
    "opened_on",
    "decided_on",
    "discovered_on",
    "supervision_flag",
    "version",
    "decided_fine",
    "outcome",
)  # fmt: skip  — case_list_for_user's .only(...)
WORKLIST_PAGE = 20


def _subtree(organisation_id: int) -> list[int]:
    return [
        row[0]
        for row in _fetch(
            f"WITH RECURSIVE subtree(id) AS (SELECT id FROM {T_ORG} WHERE id = %s "
            f"UNION SELECT o.id FROM {T_ORG} o INNER JOIN subtree s ON o.parent_id = s.id) "
            "SELECT id FROM subtree",
            [organisation_id],
        )
    ]


def case_scope(user: User, perm: str = CasePerm.VIEW) -> tuple[str, list[Any]] | None:
    """zhifa.cases.selectors.PATHS under scope_q: (" AND (…)", params), "" for 全部, None for nothing."""
    if user.is_superuser:
        return "", []
    scopes, custom = _scopes(user, perm)
    if not scopes:
        return None
    if DataScope.ALL in scopes:
        return "", []
    parts: list[str] = []
    params: list[Any] = []
    for scope in scopes:
        if scope == DataScope.SELF:
            parts.append(f"c.id IN (SELECT h.case_id FROM {T_HANDLER} h WHERE h.user_id = %s)")
            params.append(user.pk)
        elif scope == DataScope.OWN_UNIT and user.organisation_id:
            parts.append("c.organisation_id = %s")
            params.append(user.organisation_id)
        elif scope == DataScope.UNIT_AND_BELOW and user.organisation_id:
            ids = _subtree(user.organisation_id)
            parts.append(f"c.organisation_id IN ({', '.join(['%s'] * len(ids))})")
            params.extend(ids)
        elif scope == DataScope.REGION and user.organisation_id:
            region = _fetch(f"SELECT region_code FROM {T_ORG} WHERE id = %s", [user.organisation_id])
            if region and region[0][0]:
                parts.append("c.region_code LIKE %s")
                params.append(region[0][0] + "%")
        elif scope == DataScope.CUSTOM and custom:
            parts.append(f"c.organisation_id IN ({', '.join(['%s'] * len(custom))})")
            params.extend(sorted(custom))
    if not parts:
        return None
    return " AND (" + " OR ".join(parts) + ")", params


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def case_list(user: User, filters: dict[str, Any]) -> list[tuple[Any, ...]]:
    """case_list_for_user(user, CaseFilters(**filters))[:21]."""
    scope = case_scope(user)
    if scope is None:
        return []
    where, params = scope
    sql = " AND ".join(["1 = 1"])
    extra: list[Any] = []
    q = str(filters.get("q", "")).strip()
    if q:
        like = "LIKE %s ESCAPE '\\'"
        sql += f" AND (c.number {like} OR c.cause {like} OR c.party_name {like})"
        extra += [_like(q)] * 3
    if filters.get("state"):
        sql += " AND c.state = %s"
        extra.append(filters["state"])
    if filters.get("open_only"):
        states = sorted(OPEN_STATES)
        sql += f" AND c.state IN ({', '.join(['%s'] * len(states))})"
        extra += states
    cols = ", ".join(f"c.{c}" for c in LIST_COLUMNS)
    return _fetch(
        f"SELECT {cols}, o.id, o.name FROM {T_CASE} c INNER JOIN {T_ORG} o ON c.organisation_id = o.id "
        f"WHERE {sql}{where} ORDER BY c.id DESC LIMIT 21",
        [*extra, *params],
    )


def _clue_deadlines(user: User) -> list[tuple[Any, ...]]:
    """zhifa.clues.subjects.my_clue_deadlines by hand: the user's open clues, then their clocks."""
    from zhifa.clues.choices import OPEN_STATES as CLUE_OPEN
    from zhifa.clues.models import Clue

    clues = _fetch(
        f"SELECT id, number, violation FROM {Clue._meta.db_table} WHERE handler_user_id = %s "
        f"AND state IN ({', '.join(['%s'] * len(CLUE_OPEN))})",
        [user.pk, *CLUE_OPEN],
    )
    if not clues:
        return []
    ids = [c[0] for c in clues]
    return _fetch(
        f"SELECT {_cols(Deadline, 'd')} FROM {T_DEADLINE} d WHERE d.subject_type = %s "
        f"AND d.subject_id IN ({', '.join(['%s'] * len(ids))}) AND d.state IN (%s, %s, %s, %s)",
        ["clues.clue", *ids, "running", "due_soon", "overdue", "suspended"],
    )


def _publication_deadlines(user: User) -> list[tuple[Any, ...]]:
    """zhifa.disclosure.worklist.my_publication_deadlines by hand: the user's roles (once), then —
    if a role grants a kind's publish codename — the publications of those kinds in scope that are
    due within 3 days or still to be withdrawn (本人: the cases they handle, their inspections, the
    coercion they started or whose case they handle)."""
    import datetime as dt
    import json

    from django.utils import timezone

    from zhifa.coercion.models import Enforcement, Measure
    from zhifa.disclosure.models import Publication
    from zhifa.disclosure.permissions import PUBLISH_PERM_BY_KIND
    from zhifa.disclosure.selectors.officer import DUE_SOON_DAYS
    from zhifa.inspections.models import InspectionOfficer

    roles = _fetch(
        f"SELECT r.permissions, r.data_scope, r.scope_overrides FROM {T_ROLE} r "
        f"INNER JOIN {T_USERROLE} ur ON ur.role_id = r.id WHERE ur.user_id = %s",
        [user.pk],
    )
    parts: list[str] = []
    params: list[Any] = []
    for kind, perm in PUBLISH_PERM_BY_KIND.items():
        scopes = set()
        for perms, data_scope, overrides in roles:
            if perm in (json.loads(perms) if isinstance(perms, str) else perms):
                scopes.add(
                    (json.loads(overrides) if isinstance(overrides, str) else overrides or {}).get(
                        perm, data_scope
                    )
                )
        for scope in scopes:
            if scope == DataScope.ALL:
                parts.append("p.kind = %s")
                params.append(kind)
            elif scope == DataScope.OWN_UNIT and user.organisation_id:
                parts.append("(p.kind = %s AND p.organisation_id = %s)")
                params += [kind, user.organisation_id]
            elif scope == DataScope.SELF:
                handled = f"SELECT h.case_id FROM {T_HANDLER} h WHERE h.user_id = %s"
                coercion = [
                    f"(p.subject_type = %s AND p.subject_id IN (SELECT m.id FROM {model._meta.db_table} m "
                    f"WHERE m.created_by_id = %s OR m.case_id IN ({handled})))"
                    for model in (Measure, Enforcement)
                ]
                parts.append(
                    f"(p.kind = %s AND ((p.subject_type = %s AND p.subject_id IN ({handled})) "
                    f"OR (p.subject_type = %s AND p.subject_id IN (SELECT io.inspection_id FROM "
                    f"{InspectionOfficer._meta.db_table} io WHERE io.user_id = %s)) "
                    f"OR {' OR '.join(coercion)}))"
                )
                params += [kind, "cases.case", user.pk, "inspections.inspection", user.pk]
                params += ["coercion.measure", user.pk, user.pk, "coercion.enforcement", user.pk, user.pk]
    if not parts:
        return []
    horizon = timezone.localdate() + dt.timedelta(days=DUE_SOON_DAYS)
    return _fetch(
        f"SELECT p.id, p.kind, p.state, p.number, p.title, p.party_name, p.due_on, p.withdraw_due_on "
        f"FROM {Publication._meta.db_table} p WHERE ({' OR '.join(parts)}) "
        "AND ((p.state = %s AND p.due_on <= %s) OR (p.state IN (%s, %s) AND p.withdraw_due_on IS NOT NULL)) "
        "ORDER BY p.due_on ASC, p.id ASC LIMIT 50",
        [*params, "pending", horizon, "pending", "published"],
    )


def worklist(user: User, _: Any = None) -> tuple[int, list[tuple[Any, ...]]]:
    """The 我的待办 page: task_list_for_user through Paginator (count, then the first 20 rows)."""
    roles = _fetch(
        f"SELECT r.code, r.data_scope FROM {T_USERROLE} ur INNER JOIN {T_ROLE} r ON ur.role_id = r.id "
        "WHERE ur.user_id = %s",
        [user.pk],
    )
    below = sorted({code for code, scope in roles if scope in REACHES_BELOW})
    own = sorted({code for code, _ in roles} - set(below))
    parts: list[str] = ["t.assignee_id = %s"]
    params: list[Any] = [user.pk]
    if own:
        parts.append(
            f"(t.assignee_id IS NULL AND t.queue_role IN ({', '.join(['%s'] * len(own))}) "
            "AND t.queue_organisation_id = %s)"
        )
        params += [*own, user.organisation_id]
    if below:
        parts.append(
            f"(t.assignee_id IS NULL AND t.queue_role IN ({', '.join(['%s'] * len(below))}) "
            f"AND t.queue_organisation_id IN (WITH RECURSIVE wl_subtree(id) AS (SELECT id FROM {T_ORG} "
            f"WHERE id = %s UNION SELECT o.id FROM {T_ORG} o INNER JOIN wl_subtree s ON o.parent_id = s.id) "
            "SELECT id FROM wl_subtree))"
        )
        params += [*below, user.organisation_id]
    where = f"({' OR '.join(parts)}) AND t.status = %s"
    params.append("open")
    count = _fetch(f"SELECT COUNT(*) FROM {T_TASK} t WHERE {where}", params)[0][0]
    deadlines = _fetch(
        f"SELECT {_cols(Deadline, 'd')}, "
        f"(SELECT c.number FROM {T_CASE} c WHERE c.id = d.subject_id LIMIT 1), "
        f"(SELECT c.cause FROM {T_CASE} c WHERE c.id = d.subject_id LIMIT 1) "
        f"FROM {T_DEADLINE} d WHERE d.organisation_id = %s AND d.subject_type = %s "
        f"AND d.subject_id IN (SELECT h.case_id FROM {T_HANDLER} h WHERE h.user_id = %s) "
        f"AND d.state IN (%s, %s, %s, %s) ORDER BY d.due_on ASC, d.id ASC LIMIT 50",
        [user.organisation_id, "cases.case", user.pk, "running", "due_soon", "overdue", "suspended"],
    )
    deadlines += _clue_deadlines(user)  # the clues app's source of 我承办事项的期限
    deadlines += _publication_deadlines(user)  # the disclosure app's: 公示 and 撤回 clocks
    if not count:
        return 0, deadlines
    rows = _fetch(
        f"SELECT {_cols(Task, 't')}, {_cols(Organisation, 'o')}, {_cols(User, 'u')} FROM {T_TASK} t "
        f"INNER JOIN {T_ORG} o ON t.organisation_id = o.id "
        f"LEFT OUTER JOIN {T_USER} u ON t.assignee_id = u.id "
        f"WHERE {where} ORDER BY t.due_on ASC NULLS LAST, t.created_at DESC, t.id DESC "
        f"LIMIT {WORKLIST_PAGE}",
        params,
    )
    return count, [*rows, *deadlines]


def case_page(user: User, pk: int) -> dict[str, Any]:
    """case_page_for_user: the case (unit, party, power), handlers (+ officers), events, deadlines,
    documents, approval runs (+ their decisions and deciders when there are any)."""
    scope = case_scope(user)
    if scope is None:
        return {}
    where, params = scope
    case = _fetch(
        f"SELECT {_cols(Case, 'c')}, {_cols(Organisation, 'o')}, {_cols(Party, 'p')}, {_cols(Power, 'w')} "
        f"FROM {T_CASE} c INNER JOIN {T_ORG} o ON c.organisation_id = o.id "
        f"INNER JOIN {Party._meta.db_table} p ON c.party_id = p.id "
        f"LEFT OUTER JOIN {Power._meta.db_table} w ON c.power_id = w.id "
        f"WHERE c.id = %s{where} ORDER BY c.id ASC LIMIT 1",
        [pk, *params],
    )
    if not case:
        return {}
    handlers = _fetch(
        f"SELECT {_cols(CaseHandler, 'h')}, {_cols(Officer, 'f')} FROM {T_HANDLER} h "
        f"INNER JOIN {Officer._meta.db_table} f ON h.officer_id = f.id WHERE h.case_id IN (%s) "
        "ORDER BY h.role ASC, h.id ASC",
        [pk],
    )
    events = _fetch(
        f"SELECT {_cols(CaseEvent, 'e')} FROM {T_EVENT} e WHERE e.case_id IN (%s) "
        "ORDER BY e.occurred_at ASC, e.id ASC",
        [pk],
    )
    deadlines = _fetch(
        f"SELECT {_cols(Deadline, 'd')} FROM {Deadline._meta.db_table} d "
        "WHERE d.subject_type = %s AND d.subject_id = %s ORDER BY d.due_on ASC, d.id ASC",
        [SUBJECT, pk],
    )
    documents = _fetch(
        f"SELECT {_cols(Document, 'd')} FROM {Document._meta.db_table} d "
        "WHERE d.subject_type = %s AND d.subject_id = %s ORDER BY d.created_at ASC, d.id ASC",
        [SUBJECT, pk],
    )
    runs = _fetch(
        f"SELECT {_cols(ApprovalRun, 'r')} FROM {ApprovalRun._meta.db_table} r "
        "WHERE r.subject_type = %s AND r.subject_id = %s ORDER BY r.started_at DESC, r.id DESC",
        [SUBJECT, pk],
    )
    decisions: list[tuple[Any, ...]] = []
    if runs:
        ids = [r[0] for r in runs]
        decisions = _fetch(
            f"SELECT {_cols(ApprovalDecision, 'a')} FROM {ApprovalDecision._meta.db_table} a "
            f"WHERE a.run_id IN ({', '.join(['%s'] * len(ids))}) "
            "ORDER BY a.run_id ASC, a.step_index ASC, a.id ASC",
            ids,
        )
        if decisions:
            by = [f.attname for f in ApprovalDecision._meta.concrete_fields].index("decided_by_id")
            users = sorted({d[by] for d in decisions})
            _fetch(
                f"SELECT {_cols(User, 'u')} FROM {T_USER} u WHERE u.id IN ({', '.join(['%s'] * len(users))})",
                users,
            )
    return {
        "case": case,
        "handlers": handlers,
        "events": events,
        "deadlines": deadlines,
        "documents": documents,
        "runs": runs,
    }


def case_by_pk(_: User, pk: int) -> list[tuple[Any, ...]]:
    """The ORM floor's twin on the case table."""
    return _fetch(f"SELECT c.id, c.number FROM {T_CASE} c WHERE c.id = %s", [pk])
