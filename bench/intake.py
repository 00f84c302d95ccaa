"""The intake benchmark (issue #4): the 线索 list and the 检查任务 / 我的检查 lists as the views read
them (the selector through `WholePagePaginator(…, 20).get_page(1)`: the COUNT and the first page) for the
unit's team leader, the unit's 案源管理人员 and an officer, unfiltered and with the state, channel
and keyword filters the pages offer, each beside its hand-written twin (bench.sql_intake); then the
time of a 双随机 draw (zhifa.inspections.services.inspection_draw, rolled back) of 1,000 targets from
the market domain's library. Same conventions as bench.foundation: a fresh user per iteration,
seeded random inputs from the stored data, p50/p95, ratio_p95 and the ORM floor."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from zhifa.clues.choices import ClueChannel, ClueState
from zhifa.clues.models import Clue
from zhifa.clues.selectors import clue_list_for_user
from zhifa.core.audit import Actor
from zhifa.core.pagination import WholePagePaginator
from zhifa.inspections.choices import InspectionState
from zhifa.inspections.models import Inspection, InspectionPlan, InspectionTarget
from zhifa.inspections.selectors import inspection_list_for_user
from zhifa.inspections.services import inspection_draw
from zhifa.orgs.models import Domain, User
from zhifa.orgs.views.common import PER_PAGE

from . import sql_intake
from .demo.catalogue import DEMO_USERNAME_PREFIX
from .demo.intake import TARGET_DOMAIN
from .foundation import Case as Measured
from .foundation import measure, search_term

LIST_TARGET_MS = 100.0
DRAW_TARGET_S = 1.0
DRAW_SIZE = 1_000
OFFICER = f"{DEMO_USERNAME_PREFIX}officer"
TEAM_LEADER = f"{DEMO_USERNAME_PREFIX}team_leader"
SOURCE_MANAGER = f"{DEMO_USERNAME_PREFIX}case_source_manager"


def clue_list(user: User, filters: dict[str, Any]) -> tuple[int, list[Clue]]:
    """What the 线索 list view reads: paginate(request, clue_list_for_user(user, **filters))."""
    page = WholePagePaginator(clue_list_for_user(user, **filters), PER_PAGE).get_page(1)
    rows = list(page.object_list)
    for clue in rows:  # the template shows both units (select_related: no query)
        _ = clue.organisation.name, clue.handling_unit
    return page.paginator.count, rows


def inspection_list(user: User, filters: dict[str, Any]) -> tuple[int, list[Inspection]]:
    """What the 检查任务 / 我的检查 views read: paginate(request, inspection_list_for_user(…))."""
    page = WholePagePaginator(inspection_list_for_user(user, **filters), PER_PAGE).get_page(1)
    rows = list(page.object_list)
    for inspection in rows:
        _ = inspection.organisation.name, inspection.domain.name
    return page.paginator.count, rows


def clue_floor(_: User, pk: int) -> list[tuple[Any, ...]]:
    """The ORM floor on the clue table: two columns of one row by primary key."""
    return list(Clue.objects.filter(pk=pk).values_list("pk", "number"))


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _names(qs: Any, rng: random.Random, n: int) -> list[str]:
    """n party-name pieces typed by a user of this scope (from the newest 5,000 rows in scope)."""
    names = list(qs.exclude(party_name="").values_list("party_name", flat=True)[:5000])
    return [search_term(name, rng) for name in rng.sample(names, min(len(names), n))] if names else []


def _clue_inputs(rng: random.Random, username: str, n: int) -> dict[str, list[dict[str, Any]]]:
    user = _user(username)
    states = list(ClueState.values)
    channels = list(ClueChannel.values)
    return {
        "all": [{} for _ in range(n)],
        "state": [{"state": rng.choice(states)} for _ in range(n)],
        "channel": [{"channel": rng.choice(channels)} for _ in range(n)],
        "keyword": [{"q": q} for q in _names(clue_list_for_user(user), rng, n)],
    }


def _inspection_inputs(rng: random.Random, username: str, n: int) -> dict[str, list[dict[str, Any]]]:
    user = _user(username)
    states = list(InspectionState.values)
    return {
        "all": [{} for _ in range(n)],
        "mine": [{"mine": True} for _ in range(n)],
        "state": [{"state": rng.choice(states)} for _ in range(n)],
        "keyword": [{"q": q} for q in _names(inspection_list_for_user(user), rng, n)],
    }


def build_cases(*, seed: int, iterations: int) -> list[Measured]:
    rng = random.Random(f"{seed}:bench-intake")
    n = iterations
    measured: list[Measured] = []
    clue_ids = list(Clue.objects.order_by().values_list("pk", flat=True)[:100_000])
    floor_ids = rng.sample(clue_ids, min(n, len(clue_ids)))
    measured.append(Measured("orm_floor", TEAM_LEADER, None, floor_ids, clue_floor, sql_intake.clue_by_pk))
    personas: tuple[tuple[str, str, tuple[str, ...]], ...] = (
        ("unit", TEAM_LEADER, ("all", "state", "keyword")),
        ("source", SOURCE_MANAGER, ("all", "channel")),
        ("self", OFFICER, ("all", "state", "keyword")),
    )
    for label, username, kinds in personas:
        inputs = _clue_inputs(rng, username, n)
        for kind in kinds:
            measured.append(
                Measured(
                    f"clue_list_{kind}_{label}",
                    username,
                    LIST_TARGET_MS,
                    inputs[kind],
                    clue_list,
                    sql_intake.clue_list,
                )
            )
    personas = (
        ("unit", TEAM_LEADER, ("all", "mine", "state", "keyword")),
        ("self", OFFICER, ("all", "state", "keyword")),
    )
    for label, username, kinds in personas:
        inputs = _inspection_inputs(rng, username, n)
        for kind in kinds:
            measured.append(
                Measured(
                    f"inspection_list_{kind}_{label}",
                    username,
                    LIST_TARGET_MS,
                    inputs[kind],
                    inspection_list,
                    sql_intake.inspection_list,
                )
            )
    return [m for m in measured if m.inputs]


def draw(*, seed: int, runs: int, size: int = DRAW_SIZE) -> dict[str, Any]:
    """`runs` 双随机 draws of `size` targets by the unit keeping the market library (the plan and
    the draw rolled back each time): inspection_draw reads the (id, risk) candidates, samples them
    by risk weight, assigns certified unconflicted teams, stores and audits the result."""
    domain = Domain.objects.get(code=TARGET_DOMAIN)
    library = InspectionTarget.objects.filter(domain=domain, is_active=True)
    target = library.select_related("organisation").order_by("pk").first()
    if target is None:
        return {"bench": "intake", "case": "draw", "n": 0, "ok": None, "db": connection.vendor}
    org = target.organisation
    candidates = library.filter(region_code__startswith=org.region_code).count()
    actor = Actor.system("bench")
    today = timezone.localdate()
    times: list[float] = []
    drawn = officers = 0
    for r in range(max(runs, 1)):
        with transaction.atomic():
            plan = InspectionPlan.objects.create(
                organisation=org,
                region_code=org.region_code,
                domain=domain,
                name=f"基准测试双随机抽取{r + 1}",
                period_start=today,
                period_end=today + dt.timedelta(days=30),
                sample_size=min(size, candidates),
            )
            t0 = time.perf_counter()
            result = inspection_draw(actor=actor, plan=plan, seed=seed + r, day=today)
            times.append(time.perf_counter() - t0)
            drawn, officers = len(result.target_ids), result.officer_count
            transaction.set_rollback(True)
    median = statistics.median(times)
    return {
        "bench": "intake",
        "case": "draw",
        "n": len(times),
        "library": candidates,
        "drawn": drawn,
        "officers": officers,
        "first_s": round(times[0], 3),
        "p50_s": round(median, 3),
        "max_s": round(max(times), 3),
        "target_s": DRAW_TARGET_S,
        "ok": median <= DRAW_TARGET_S,
        "db": connection.vendor,
        "organisation": org.name,
    }


def run(*, seed: int, iterations: int, draws: int = 5) -> Iterator[dict[str, Any]]:
    floor: float | None = None
    for case in build_cases(seed=seed, iterations=iterations):
        line = measure(case)
        line["bench"] = "intake"
        if case.name == "orm_floor":
            floor = line["ratio_p95"]
        line["floor_ratio_p95"] = floor
        yield line
    yield draw(seed=seed, runs=draws)


__all__ = ["build_cases", "draw", "run"]
