"""The cases benchmark (issue #3): an officer's worklist, the filtered case list and the case page,
each beside the same statements written by hand (bench.sql_cases), then a full deadline scan and
the issue of one signed 行政处罚决定书. Same conventions as bench.foundation: a fresh user per
iteration, seeded random inputs from the stored data, p50/p95, ratio_p95 and the ORM floor."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Iterator
from typing import Any

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from zhifa.cases.choices import OPEN_STATES
from zhifa.cases.models import Case, CaseHandler
from zhifa.cases.selectors import CaseFilters, case_list_for_user, case_page_for_user
from zhifa.core.audit import Actor
from zhifa.core.pagination import WholePagePaginator
from zhifa.legal.rules.discretion import PenaltyKind
from zhifa.orgs.models import Officer, User
from zhifa.orgs.scopes import organisation_subtree_ids
from zhifa.worklist.models import Deadline
from zhifa.worklist.registry import my_deadlines
from zhifa.worklist.services.deadlines import RUNNING_STATES, deadlines_refresh
from zhifa.worklist.views import PER_PAGE

from . import sql_cases
from .demo.catalogue import DEMO_USERNAME_PREFIX
from .foundation import Case as Measured
from .foundation import measure, percentile, search_term

WORKLIST_TARGET_MS = 50.0
LIST_TARGET_MS = 100.0
PAGE_TARGET_MS = 100.0
SCAN_TARGET_S = 10.0
DOCUMENT_TARGET_S = 1.0
OFFICER = f"{DEMO_USERNAME_PREFIX}officer"
TEAM_LEADER = f"{DEMO_USERNAME_PREFIX}team_leader"
LEGAL_REVIEWER = f"{DEMO_USERNAME_PREFIX}legal_reviewer"


def worklist_page(user: User, _: Any = None) -> tuple[int, list[Any]]:
    """What the 我的待办 view reads: WholePagePaginator(task_list_for_user(user), 20), page 1."""
    from zhifa.worklist.selectors import task_list_for_user

    page = WholePagePaginator(task_list_for_user(user), PER_PAGE).get_page(1)
    rows = list(page.object_list)
    for task in rows:  # the template shows the unit and the assignee (select_related: no query)
        _ = task.organisation.name, task.assignee
    deadlines = my_deadlines(user)  # 我承办事项的期限 (the cases' source)
    return page.paginator.count, [*rows, *deadlines]


def case_list(user: User, filters: dict[str, Any]) -> list[Case]:
    return list(case_list_for_user(user, CaseFilters(**filters))[:21])


def case_floor(_: User, pk: int) -> list[tuple[Any, ...]]:
    """The ORM floor on the case table: two columns of one row by primary key."""
    return list(Case.objects.filter(pk=pk).values_list("pk", "number"))


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _scope_case_ids(username: str) -> list[int]:
    user = _user(username)
    if username == OFFICER:
        return list(CaseHandler.objects.filter(user_id=user.pk).values_list("case_id", flat=True))
    assert user.organisation_id is not None
    units = organisation_subtree_ids(user.organisation_id)
    return list(Case.objects.filter(organisation_id__in=units).values_list("pk", flat=True))


def _filters(rng: random.Random, username: str, n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(open + state filters, party-name keyword filters) as a user of this scope would type them."""
    ids = _scope_case_ids(username)
    sample = rng.sample(ids, min(len(ids), n))
    names = dict(Case.objects.filter(pk__in=sample).values_list("pk", "party_name"))
    open_states = sorted(OPEN_STATES)
    by_state = [{"open_only": True, "state": rng.choice(open_states)} for _ in range(n)]
    keyword = [{"q": search_term(names[pk], rng)} for pk in sample if pk in names]
    return by_state, keyword


def build_cases(*, seed: int, iterations: int) -> list[Measured]:
    rng = random.Random(f"{seed}:bench-cases")
    n = iterations
    leader_state, leader_q = _filters(rng, TEAM_LEADER, n)
    officer_state, officer_q = _filters(rng, OFFICER, n)
    leader_ids = _scope_case_ids(TEAM_LEADER)
    officer_ids = _scope_case_ids(OFFICER)
    any_ids = rng.sample(leader_ids, min(len(leader_ids), n))
    return [
        Measured("orm_floor", TEAM_LEADER, None, any_ids, case_floor, sql_cases.case_by_pk),
        Measured(
            "worklist_officer", OFFICER, WORKLIST_TARGET_MS, list(range(n)), worklist_page, sql_cases.worklist
        ),
        Measured(
            "worklist_team_leader",
            TEAM_LEADER,
            WORKLIST_TARGET_MS,
            list(range(n)),
            worklist_page,
            sql_cases.worklist,
        ),
        Measured(
            "worklist_legal_reviewer",
            LEGAL_REVIEWER,
            WORKLIST_TARGET_MS,
            list(range(n)),
            worklist_page,
            sql_cases.worklist,
        ),
        Measured(
            "case_list_open_state_unit",
            TEAM_LEADER,
            LIST_TARGET_MS,
            leader_state,
            case_list,
            sql_cases.case_list,
        ),
        Measured(
            "case_list_party_name_unit", TEAM_LEADER, LIST_TARGET_MS, leader_q, case_list, sql_cases.case_list
        ),
        Measured(
            "case_list_open_state_self",
            OFFICER,
            LIST_TARGET_MS,
            officer_state,
            case_list,
            sql_cases.case_list,
        ),
        Measured(
            "case_list_party_name_self", OFFICER, LIST_TARGET_MS, officer_q, case_list, sql_cases.case_list
        ),
        Measured(
            "case_page_unit",
            TEAM_LEADER,
            PAGE_TARGET_MS,
            rng.sample(leader_ids, min(len(leader_ids), n)),
            case_page_for_user,
            sql_cases.case_page,
        ),
        Measured(
            "case_page_self",
            OFFICER,
            PAGE_TARGET_MS,
            rng.sample(officer_ids, min(len(officer_ids), n)),
            case_page_for_user,
            sql_cases.case_page,
        ),
    ]


def deadline_scan(*, today: dt.date, label: str) -> dict[str, Any]:
    """One deadlines_refresh over every running clock, rolled back (the data stays as seeded)."""
    running = Deadline.objects.filter(state__in=RUNNING_STATES).count()
    with transaction.atomic():
        t0 = time.perf_counter()
        counts = deadlines_refresh(today=today)
        seconds = time.perf_counter() - t0
        transaction.set_rollback(True)
    updated = sum(v for k, v in counts.items() if k != "today")
    return {
        "bench": "cases",
        "case": f"deadline_scan_{label}",
        "n": 1,
        "seconds": round(seconds, 3),
        "target_s": SCAN_TARGET_S,
        "ok": seconds <= SCAN_TARGET_S,
        "scanned": running,
        "updated": updated,
        "counts": {k: v for k, v in counts.items() if k != "today"},
        "today": today.isoformat(),
        "open_cases": Case.objects.filter(state__in=sorted(OPEN_STATES)).count(),
        "db": connection.vendor,
    }


def decision_context(case: Case, officers: list[Officer]) -> dict[str, Any]:
    """The 08.02 context a decided case gives (what the cases app binds; RECORDS §4.1)."""
    org, party = case.organisation, case.party
    fine = case.decided_fine or case.proposed_fine or 0
    return {
        "org": {"name": org.name, "short_name": org.short_name, "address": org.address, "phone": org.phone},
        "party": {
            "kind_label": party.get_kind_display(),
            "name": case.party_name,
            "uscc": party.uscc or "",
            "legal_rep": getattr(party, "legal_rep_name", "") or "",
            "address": party.address or "深圳市",
            "phone": party.phone or "",
        },
        "case": {
            "number": case.number,
            "cause": case.cause,
            "source": case.get_source_display(),
            "opened_on": f"{case.opened_on:%Y年%-m月%-d日}" if case.opened_on else "",
            "facts": case.facts or f"当事人存在{case.cause}的违法行为。",
            "evidence_summary": "现场检查笔录、询问笔录、现场照片",
            "basis_violation": "《中华人民共和国食品安全法》第三十四条",
            "basis_penalty": "《中华人民共和国食品安全法》第一百二十四条第一款",
            "discretion": "当事人积极配合调查，依法从轻处罚",
            "penalty": {
                "kinds": [PenaltyKind.FINE.label],
                "amount": f"{fine:,.2f}",
                "text": f"罚款{fine:,.2f}元",
            },
            "decision_date": f"{timezone.localdate():%Y年%-m月%-d日}",
            "statement_adopted": "当事人未提出陈述申辩。",
        },
        "officers": [{"name": o.name, "certificate_no": o.certificate_no} for o in officers],
        "remedy": {
            "review_body": "深圳市人民政府",
            "review_days": 60,
            "court": "深圳市福田区人民法院",
            "litigation_months": 6,
        },
        "payment": {
            "bank": "中国银行深圳分行",
            "account": "7440000000001",
            "deadline_days": 15,
            "method": "持本决定书",
        },
    }


def decision_document(*, runs: int) -> dict[str, Any]:
    """Draft + issue (number, .docx + PDF, SM3, SM2) of one 行政处罚决定书 for a seeded case, `runs`
    times, each rolled back (the stored files removed): the first run loads fonts and templates."""
    from zhifa.documents.services.documents import document_draft, document_issue

    officer = _user(OFFICER)
    case = (
        Case.objects.select_related("organisation", "party")
        .filter(handlers__user=officer, state__in=["deciding", "decided"])
        .order_by("pk")
        .first()
    ) or Case.objects.select_related("organisation", "party").filter(handlers__user=officer).order_by(
        "pk"
    ).first()
    if case is None:
        return {"bench": "cases", "case": "decision_document", "n": 0, "ok": None, "db": connection.vendor}
    officers = [
        h.officer for h in CaseHandler.objects.filter(case=case).select_related("officer").order_by("role")
    ]
    context = decision_context(case, officers)
    actor = Actor.of(officer)
    times: list[float] = []
    pages = 0
    for _ in range(max(runs, 1)):
        with transaction.atomic():
            t0 = time.perf_counter()
            draft = document_draft(
                actor=actor, subject=case, organisation=case.organisation, type_code="08.02", data=context
            )
            doc = document_issue(actor=actor, document=draft)
            times.append(time.perf_counter() - t0)
            pages = doc.page_count or 0
            files = [str(doc.docx_file), str(doc.pdf_file)]
            transaction.set_rollback(True)
        for name in files:
            if name:
                default_storage.delete(name)
    warm = times[1:] or times
    median = statistics.median(warm)
    return {
        "bench": "cases",
        "case": "decision_document",
        "n": len(times),
        "first_s": round(times[0], 3),
        "p50_s": round(median, 3),
        "max_s": round(max(warm), 3),
        "target_s": DOCUMENT_TARGET_S,
        "ok": median <= DOCUMENT_TARGET_S,  # a warm process (the first issue also loads fonts)
        "first_ok": times[0] <= DOCUMENT_TARGET_S,
        "pages": pages,
        "case_number": case.number,
        "db": connection.vendor,
        "user": OFFICER,
    }


def run(
    *, seed: int, iterations: int, documents: int = 5, today: dt.date | None = None
) -> Iterator[dict[str, Any]]:
    floor: float | None = None
    for case in build_cases(seed=seed, iterations=iterations):
        line = measure(case)
        line["bench"] = "cases"
        if case.name == "orm_floor":
            floor = line["ratio_p95"]
        line["floor_ratio_p95"] = floor
        yield line
    today = today or timezone.localdate()
    yield deadline_scan(today=today, label="today")
    yield deadline_scan(today=today + dt.timedelta(days=7), label="in_7_days")
    yield decision_document(runs=documents)


__all__ = ["build_cases", "percentile", "run"]
