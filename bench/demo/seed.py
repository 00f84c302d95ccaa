"""`seed_demo`: the whole demo city in one transaction, deterministically from a seed.

Order: regions (import_divisions) → domains and roles (orgs seeds) → organisations, officers,
users, demo logins (bulk) → laws (import_laws) → power list (powers services) → discretion
standards (import_discretion, publish, claims) → parties (parties fast path) → one `demo.seed`
audit event. A city that already exists can be grown: asking for more parties with the same seed
appends exactly the rows a direct run would have written (see `people.PartyGenerator`).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict
from zhifa.core.models import AuditEvent
from zhifa.orgs.models import Officer, Organisation, Region, User
from zhifa.orgs.services.domains import domains_seed
from zhifa.orgs.services.roles import roles_seed

from . import legal
from .catalogue import CITY_JUSTICE, DEMO_USERNAME_PREFIX
from .city import City, build_organisations, build_people, load_city
from .codes import CodeIssuer
from .divisions import divisions_dir, import_regions
from .people import CHUNK, MAX_PARTIES, PartyGenerator, PartyPlan, Place
from .writer import parties_count, write_parties

AUDIT_ACTION = "demo.seed"
ACTOR = Actor.system("seed_demo")
# Birthplaces of natural persons: Shenzhen itself, the rest of Guangdong, and the provinces most
# Shenzhen residents come from (湖南, 湖北, 江西, 广西, 四川, 河南).
BIRTHPLACE_PREFIXES = ("4403",) * 4 + ("44",) * 4 + ("43", "42", "36", "45", "51", "41")


@dataclass
class SeedOptions:
    scale: float = 1.0
    seed: int = 2026
    parties: int | None = None  # overrides 5,000 × scale (tests)
    regions: tuple[str, ...] = ()  # restrict the divisions import to these code prefixes
    today: dt.date = field(default_factory=timezone.localdate)
    with_legal: bool = True
    batch_size: int = 5000

    @property
    def party_target(self) -> int:
        return self.parties if self.parties is not None else round(CHUNK * self.scale)


def demo_state() -> dict[str, Any] | None:
    """The payload of the last `demo.seed` event (seed, parties …), or None if no demo city."""
    event = AuditEvent.objects.filter(action=AUDIT_ACTION).order_by("-seq").first()
    if event is None:
        return None
    if not Organisation.objects.filter(name=CITY_JUSTICE[0]).exists():
        return None
    return json.loads(event.payload or "{}")


def demo_exists() -> bool:
    """A demo city is there (its seed event), or at least its demo logins (a half-deleted one)."""
    return demo_state() is not None or User.objects.filter(username__startswith=DEMO_USERNAME_PREFIX).exists()


def seed_demo(options: SeedOptions, *, log: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Build (or grow) the demo city; return the summary printed by the command."""
    started = time.perf_counter()
    target = options.party_target
    if target > MAX_PARTIES:
        raise Conflict(f"演示数据最多生成{MAX_PARTIES}个执法对象")
    state = demo_state()
    if state is None and demo_exists():
        raise Conflict("数据库中已有演示账号但没有完整的演示城市记录：请使用新的数据库")
    if state is not None and int(state.get("seed", options.seed)) != options.seed:
        raise Conflict(f"数据库中已有种子为{state.get('seed')}的演示城市，不能以种子{options.seed}扩充")
    timings: dict[str, float] = {}

    def stage(name: str, t0: float) -> float:
        now = time.perf_counter()
        timings[name] = round(now - t0, 2)
        log(f"{name}: {timings[name]:.1f}s")
        return now

    with transaction.atomic():
        t = time.perf_counter()
        if state is None:
            import_regions(options.regions)
            domains_seed(actor=ACTOR)
            roles_seed(actor=ACTOR)
            t = stage("regions, domains, roles", t)
            rng = random.Random(f"{options.seed}:city")
            city = build_organisations(rng=rng, codes=CodeIssuer(rng))
            build_people(city=city, rng=rng, today=options.today)
            t = stage("organisations, officers, users", t)
            if options.with_legal:
                legal.build_legal(city=city, seed=options.seed, log=log)
                t = stage("laws, powers, discretion", t)
            existing = 0
        else:
            city = load_city()
            existing = int(state.get("parties", 0))
        if target > existing:
            write_parties(
                generator=PartyGenerator(_plan(city, options.seed)),
                city=city,
                start=existing,
                end=target,
                batch_size=options.batch_size,
                log=log,
            )
            t = stage("parties", t)
            _analyze()
            t = stage("analyze", t)
        written = max(target, existing)
        audit_append(
            actor=ACTOR,
            action=AUDIT_ACTION,
            payload={
                "seed": options.seed,
                "scale": options.scale,
                "parties": written,
                "parties_added": max(0, target - existing),
                "today": options.today.isoformat(),
                "regions": list(options.regions),
                "grown": state is not None,
                "seconds": timings,
            },
        )
    summary = {
        "regions": Region.objects.count(),
        "organisations": Organisation.objects.count(),
        "officers": Officer.objects.count(),
        "users": User.objects.count(),
        **legal.counts(),
        "parties": parties_count(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    return summary


def _analyze() -> None:
    """PostgreSQL: fresh planner statistics after the bulk load, as autovacuum would take them
    shortly afterwards. SQLite keeps no statistics unless ANALYZE is run, and the embedded
    deployment never runs it, so the demo database is left as `make run` users have it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _plan(city: City, seed: int) -> PartyPlan:
    places: dict[str, list[Place]] = defaultdict(list)
    for district in city.districts:
        for street in city.streets[district.code]:
            places[district.code].append(Place(district.code, district.name, street.code, street.name))
    with (divisions_dir() / "areas.csv").open(encoding="utf-8-sig", newline="") as handle:
        codes = sorted(row["code"] for row in csv.DictReader(handle))
    birthplaces = tuple(c for c in codes if c.startswith(BIRTHPLACE_PREFIXES) and not c.endswith("00"))
    weighted = tuple(c for c in birthplaces if c.startswith("4403")) * 3 + birthplaces
    return PartyPlan(seed=seed, places=dict(places), birthplaces=weighted or ("440304",))
