"""The foundation benchmark: party and officer reads through the project's own selectors, each
beside the same query written by hand in SQL (`connection.cursor()`, same filters, same LIMIT).

Each iteration is one simulated request: the user row is loaded afresh (its grants and unit
subtree are resolved per request, as in a view) and the selector's first page is fetched. The raw
side issues the equivalent statements — role lookup, organisation/region or subtree, the page
query, the prefetch — so `ratio_p95 = ORM p95 / raw p95` is the price of the ORM and of the
selector's own strategy. Inputs are drawn at random (seeded) from the stored data.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection

from zhifa.core.crypto_fields import blind_index, decrypt_identity, normalise_identity
from zhifa.orgs.models import User
from zhifa.orgs.selectors.officers import officer_list_for_user
from zhifa.parties.models import ID_NUMBER_CONTEXT, Party
from zhifa.parties.selectors import party_find_by_code, party_list_for_user

from . import sql
from .demo.catalogue import DEMO_USERNAME_PREFIX

PAGE_ROWS = 21  # the list views fetch one page of 20 plus one row to know whether a next page exists
EXACT_TARGET_MS = 5.0
SEARCH_TARGET_MS = 50.0
LIST_TARGET_MS = 50.0
RATIO_TARGET = 2.0


@dataclass(frozen=True)
class Case:
    name: str
    username: str
    target_ms: float | None  # None: a reference measurement without a target (the ORM floor)
    inputs: list[Any]
    orm: Callable[[User, Any], Any]
    raw: Callable[[User, Any], Any]


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _fresh_user(pk: int) -> User:
    return User.objects.get(pk=pk)


def _time(fn: Callable[[User, Any], Any], user_pk: int, value: Any) -> float:
    user = _fresh_user(user_pk)  # not timed: the session middleware loads it in a real request
    t0 = time.perf_counter()
    fn(user, value)
    return (time.perf_counter() - t0) * 1000


def measure(case: Case, *, warmup: int = 5) -> dict[str, Any]:
    user_pk = User.objects.values_list("pk", flat=True).get(username=case.username)
    for value in case.inputs[:warmup]:
        _time(case.orm, user_pk, value)
        _time(case.raw, user_pk, value)
    orm: list[float] = []
    raw: list[float] = []
    for i, value in enumerate(case.inputs):
        # Alternate which side runs first so neither profits from the other's warm cache.
        if i % 2:
            raw.append(_time(case.raw, user_pk, value))
            orm.append(_time(case.orm, user_pk, value))
        else:
            orm.append(_time(case.orm, user_pk, value))
            raw.append(_time(case.raw, user_pk, value))
    p95, raw_p95 = percentile(orm, 95), percentile(raw, 95)
    ratio = p95 / raw_p95 if raw_p95 else 0.0
    return {
        "bench": "foundation",
        "case": case.name,
        "n": len(case.inputs),
        "p50_ms": round(statistics.median(orm), 3),
        "p95_ms": round(p95, 3),
        "raw_p50_ms": round(statistics.median(raw), 3),
        "raw_p95_ms": round(raw_p95, 3),
        "ratio_p95": round(ratio, 2),
        "target_p95_ms": case.target_ms,
        "ok": None if case.target_ms is None else p95 <= case.target_ms and ratio <= RATIO_TARGET,
        "db": connection.vendor,
        "user": case.username,
    }


# -- inputs drawn from the data ------------------------------------------------------------------


def _random_parties(rng: random.Random, n: int, **filters: Any) -> list[Party]:
    """n parties picked uniformly by id (rejection-sampled over the id range)."""
    qs = Party.objects.filter(**filters)
    bounds = Party.objects.order_by("pk").values_list("pk", flat=True)
    lo, hi = bounds.first(), bounds.last()
    if lo is None or hi is None:
        return []
    picked: list[Party] = []
    attempts = 0
    while len(picked) < n and attempts < n * 50:
        attempts += 1
        row = qs.filter(pk__gte=rng.randint(lo, hi)).order_by("pk").first()
        if row is not None:
            picked.append(row)
    return picked


NAME_NOISE = ("深圳市", "有限公司", "股份", "集团", "有限责任公司", "（深圳）")


def search_term(name: str, rng: random.Random, *, min_len: int = 2) -> str:
    """What a user types to find this party: a 2–4 character piece of its distinctive part."""
    core = name
    for noise in NAME_NOISE:
        core = core.replace(noise, "")
    for suffix in ("区",):
        if suffix in core[:4]:
            core = core.split(suffix, 1)[1] or core
    if len(core) <= min_len:
        return core or name[:min_len]
    size = max(min_len, rng.choice((2, 3, 3, 4)))
    size = min(size, len(core))
    start = rng.randint(0, len(core) - size)
    return core[start : start + size]


def orm_floor(_: User, pk: int) -> list[tuple[Any, ...]]:
    """The least the ORM can do: two columns of one row by primary key, no scope, no join. Its
    ratio to the same statement by hand is the floor under every other case's ratio on this
    database (the ORM's fixed cost per statement against the database's own time)."""
    return list(Party.objects.filter(pk=pk).values_list("pk", "name"))


def build_cases(*, seed: int, iterations: int) -> list[Case]:
    rng = random.Random(f"{seed}:bench")
    companies = _random_parties(rng, iterations, uscc__isnull=False)
    persons = _random_parties(rng, iterations, kind="natural_person")
    named = _random_parties(rng, iterations)
    long_terms: list[str] = []
    for _ in range(20):  # names whose distinctive part has 3+ characters (not 2-character person names)
        pool = (search_term(p.name, rng, min_len=3) for p in _random_parties(rng, iterations))
        long_terms += [term for term in pool if len(term) >= 3]
        if len(long_terms) >= iterations:
            break
    long_terms = long_terms[:iterations]
    district_named = _random_parties(rng, iterations, region_code__startswith="440304")
    ids = [decrypt_identity(p.id_number_cipher, context=ID_NUMBER_CONTEXT) for p in persons]
    admin = f"{DEMO_USERNAME_PREFIX}city_justice_admin"
    district = f"{DEMO_USERNAME_PREFIX}district_supervisor"
    unit = f"{DEMO_USERNAME_PREFIX}unit_admin"
    return [
        Case(
            "orm_floor",
            admin,
            None,
            [p.pk for p in named],
            orm_floor,
            sql.party_by_pk,
        ),
        Case(
            "party_exact_code",
            admin,
            EXACT_TARGET_MS,
            [p.uscc for p in companies],
            lambda u, v: party_find_by_code(u, v),
            sql.party_by_code,
        ),
        Case(
            "party_exact_id_number",
            admin,
            EXACT_TARGET_MS,
            ids,
            lambda u, v: party_find_by_code(u, v),
            sql.party_by_code,
        ),
        Case(
            "party_name_search",
            admin,
            SEARCH_TARGET_MS,
            [search_term(p.name, rng) for p in named],
            lambda u, v: list(party_list_for_user(u, q=v)[:PAGE_ROWS]),
            sql.party_name_search,
        ),
        Case(
            "party_name_search_3plus",  # the same, only terms of 3+ characters (trigram-indexable)
            admin,
            SEARCH_TARGET_MS,
            long_terms,
            lambda u, v: list(party_list_for_user(u, q=v)[:PAGE_ROWS]),
            sql.party_name_search,
        ),
        Case(
            "party_name_search_district",
            district,
            SEARCH_TARGET_MS,
            [search_term(p.name, rng) for p in district_named],
            lambda u, v: list(party_list_for_user(u, q=v)[:PAGE_ROWS]),
            sql.party_name_search,
        ),
        Case(
            "officer_list_district",
            district,
            LIST_TARGET_MS,
            list(range(iterations)),
            lambda u, _: list(officer_list_for_user(u)[:PAGE_ROWS]),
            sql.officer_list,
        ),
        Case(
            "officer_list_unit",
            unit,
            LIST_TARGET_MS,
            list(range(iterations)),
            lambda u, _: list(officer_list_for_user(u)[:PAGE_ROWS]),
            sql.officer_list,
        ),
    ]


def run(*, seed: int, iterations: int) -> Iterator[dict[str, Any]]:
    """One line per case; each carries the ORM floor's ratio on this database beside its own."""
    floor: float | None = None
    for case in build_cases(seed=seed, iterations=iterations):
        line = measure(case)
        if case.name == "orm_floor":
            floor = line["ratio_p95"]
        line["floor_ratio_p95"] = floor
        yield line


__all__ = ["blind_index", "build_cases", "normalise_identity", "percentile", "run", "search_term"]
