"""The demo city's intake: N clues (线索) and N inspection records (检查任务) over its enforcement
units, and the 检查对象库 of the market domain (one target per party) that the 双随机 draw of
`bench intake` samples from.

Per clue: the Clue row as the clues services leave it at its state (number from the unit's 线
sequence and format, channel, party and place, 受理/分派/办结 moments, the handling unit and
officer, the outcome; a merged clue points to an earlier clue of its unit). Per inspection: the
Inspection row at its state (dates, place, findings) and its two InspectionOfficer rows (officers
of the unit with their logins). Per target: the party in the market domain's 全市检查对象库 with a
risk class (红/黄/蓝 about 1:3:6), maintained by the city market agency.

Reporters, replies and the clue clocks are not written (the measured lists do not read them).
Written set-based (bench.demo.bulk: COPY / executemany) in chunks of CHUNK rows, one transaction
each, deterministic from the seed; one `demo.seed_intake` audit event records the run. The units'
线 sequences end at the numbers used, so clues registered later continue them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from zhifa.clues.choices import ClueChannel, ClueOutcome, CluePriority, ClueState
from zhifa.clues.models import Clue
from zhifa.clues.services.intake import CLUE_NUMBER_KIND
from zhifa.core.audit import Actor, audit_append
from zhifa.core.models import AuditEvent
from zhifa.documents.models import DocumentNumberSequence
from zhifa.documents.services.numbering import number_pattern
from zhifa.inspections.choices import InspectionState, RiskClass, TargetLibrary
from zhifa.inspections.models import Inspection, InspectionOfficer, InspectionTarget
from zhifa.orgs.models import Domain
from zhifa.parties.models import Party

from .bulk import Table
from .case_plan import CAUSES, GENERIC_CAUSES
from .cases import Unit, _units
from .city import load_city

AUDIT_ACTION = "demo.seed_intake"
ACTOR = Actor.system("seed_demo")
CHUNK = 10_000
DAYS = 3 * 365  # clues and inspections of the last three years
TARGET_DOMAIN = "market"
CHANNELS = (
    (ClueChannel.COMPLAINT, 30), (ClueChannel.HOTLINE_12345, 25), (ClueChannel.REPORT, 15),
    (ClueChannel.INSPECTION, 10), (ClueChannel.AUTO_DISCOVERY, 7), (ClueChannel.REFERRAL, 5),
    (ClueChannel.ASSIGNMENT, 5), (ClueChannel.MEDIA, 3),
)  # fmt: skip
CLUE_STATES = (
    (ClueState.HANDLED, 68), (ClueState.REJECTED, 10), (ClueState.MERGED, 5), (ClueState.ASSIGNED, 12),
    (ClueState.ACCEPTED, 2), (ClueState.REGISTERED, 3),
)  # fmt: skip
PRIORITIES = (
    (CluePriority.LOW, 30), (CluePriority.NORMAL, 55), (CluePriority.HIGH, 12), (CluePriority.URGENT, 3),
)  # fmt: skip
INSPECTION_STATES = (
    (InspectionState.CLOSED, 78), (InspectionState.CASE_OPENED, 5), (InspectionState.CANCELLED, 3),
    (InspectionState.IN_PROGRESS, 4), (InspectionState.ASSIGNED, 10),
)  # fmt: skip
RISKS = ((RiskClass.RED, 1), (RiskClass.YELLOW, 3), (RiskClass.BLUE, 6))
REJECT_REASONS = ("不属于本机关管辖", "反映内容不具体，无法核查", "重复投诉，已作处理")
FINDINGS = ("未发现违法行为", "现场检查未见异常", "已责令当场整改")


class _Pick:
    """Weighted choice over a fixed table (one bisect per draw)."""

    def __init__(self, table: tuple[tuple[Any, int], ...]) -> None:
        self.values = [v for v, _ in table]
        self.cum: list[int] = []
        total = 0
        for _, w in table:
            total += w
            self.cum.append(total)

    def __call__(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


INTAKE_APPS = ("clues.", "inspections.")


def intake_roles_sync(log: Callable[[str], None] = lambda _: None) -> dict[str, list[str]]:
    """Give the seeded roles the clues and inspections codenames ROLE_SPECS grants them, through
    zhifa.orgs.services.roles.role_update (audited), as an administrator does when the modules are
    installed: a demo city built before those apps has roles without them (a team leader would see
    no clue). Only adds; idempotent; returns role code → codenames added."""
    from zhifa.orgs.models import Role
    from zhifa.orgs.roles import ROLE_SPECS
    from zhifa.orgs.services.roles import role_update

    added: dict[str, list[str]] = {}
    rows = {r.code: r for r in Role.objects.filter(code__in=[s.code for s in ROLE_SPECS])}
    for spec in ROLE_SPECS:
        row = rows.get(spec.code)
        if row is None:
            continue
        wanted = {str(p) for p in spec.permissions if str(p).startswith(INTAKE_APPS)}
        missing = sorted(wanted - set(row.permissions))
        if missing:
            role_update(actor=ACTOR, role=row, changes={"permissions": sorted({*row.permissions, *missing})})
            added[spec.code] = missing
            log(f"roles: {spec.code} gains {', '.join(missing)}")
    return added


def intake_state() -> dict[str, Any] | None:
    event = AuditEvent.objects.filter(action=AUDIT_ACTION).order_by("-seq").first()
    return None if event is None else json.loads(event.payload or "{}")


class IntakeWriter:
    def __init__(self, *, seed: int, today: dt.date, log: Callable[[str], None]) -> None:
        self.seed, self.today, self.log = seed, today, log
        self.units: list[Unit] = []
        cum, total = [], 0.0
        for unit, w in _units(log):
            self.units.append(unit)
            total += w
            cum.append(total)
        self.cum = cum
        self.patterns = {u.org.pk: number_pattern(u.org, CLUE_NUMBER_KIND) for u in self.units}
        self.clue_seq: dict[int, dict[int, int]] = defaultdict(dict)
        for org_id, year, last in DocumentNumberSequence.objects.filter(
            number_kind=CLUE_NUMBER_KIND
        ).values_list("organisation_id", "year", "last_seq"):
            self.clue_seq[org_id][year] = last
        self.domains = dict(Domain.objects.values_list("code", "pk"))
        self.parties = list(Party.objects.order_by("pk").values_list("pk", "name", "region_code"))
        self.t = {m: Table(m) for m in (Clue, Inspection, InspectionOfficer, InspectionTarget)}
        self.ids = {m: t.next_id() for m, t in self.t.items()}
        self.rows: dict[type, list[tuple[Any, ...]]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        self.utc_suffix = "+00" if connection.vendor == "postgresql" else ""
        self.last_clue: dict[int, int] = {}  # unit → its latest clue id (merge target)
        self.channel, self.clue_state = _Pick(CHANNELS), _Pick(CLUE_STATES)
        self.priority, self.inspection_state = _Pick(PRIORITIES), _Pick(INSPECTION_STATES)
        self.risk = _Pick(RISKS)

    def _id(self, model: Any) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    def _moment(self, rng: random.Random, day: dt.date) -> str:
        """A working-hours moment of `day` (08:00–17:59 in Shenzhen = 00:00–09:59 UTC) as column text."""
        minute = int(rng.random() * 600)
        second = int(rng.random() * 60)
        return f"{day.isoformat()} {minute // 60:02d}:{minute % 60:02d}:{second:02d}{self.utc_suffix}"

    def _unit(self, rng: random.Random) -> Unit:
        return self.units[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]

    def _flush(self, label: str, done: int, n: int, t0: float) -> None:
        with transaction.atomic():
            for model, table in self.t.items():
                self.counts[str(model._meta.model_name)] += table.write(self.rows[model])
        self.rows.clear()
        if done % 100_000 == 0 or done == n:
            self.log(f"{label}: {done:,} ({done / max(time.perf_counter() - t0, 1e-9):,.0f}/s)")

    def _chunks(self, label: str, n: int, row: Callable[[random.Random], None]) -> None:
        t0 = time.perf_counter()
        for chunk in range((n + CHUNK - 1) // CHUNK):
            rng = random.Random(f"{self.seed}:{label}:{chunk}")
            for _ in range(min(CHUNK, n - chunk * CHUNK)):
                row(rng)
            self._flush(label, min(n, (chunk + 1) * CHUNK), n, t0)

    # -- clues -------------------------------------------------------------------------------------

    def _clue(self, rng: random.Random) -> None:
        unit = self._unit(rng)
        org = unit.org
        received = self.today - dt.timedelta(days=int(rng.random() ** 1.3 * DAYS))
        year = received.year
        seqs = self.clue_seq[org.pk]
        seq = seqs[year] = seqs.get(year, 0) + 1
        number = self.patterns[org.pk].format(
            org_abbr=org.short_name or org.name, kind=CLUE_NUMBER_KIND, year=year, seq=seq, seq3=f"{seq:03d}"
        )
        channel = self.channel(rng)
        state = self.clue_state(rng)
        if received > self.today - dt.timedelta(days=20) and state in (ClueState.HANDLED, ClueState.MERGED):
            state = ClueState.ASSIGNED  # recent clues are still being handled
        party_id, party_name, _ = rng.choice(self.parties) if rng.random() < 0.85 else (None, "", "")
        cause = rng.choice(CAUSES.get(unit.sector, GENERIC_CAUSES))
        _, user_id, _ = rng.choice(unit.officers)
        clue_id = self._id(Clue)
        values: dict[str, Any] = {}
        accepted = received + dt.timedelta(days=rng.randint(0, 3))
        if state not in (ClueState.REGISTERED, ClueState.REJECTED, ClueState.MERGED):
            values["accepted_at"] = self._moment(rng, accepted)
        if state in (ClueState.ASSIGNED, ClueState.HANDLED):
            handling = unit if rng.random() < 0.85 else self._unit(rng)
            h_officer, h_user, _ = rng.choice(handling.officers)
            values.update(
                handling_unit_id=handling.org.pk,
                handling_region_code=handling.org.region_code,
                handling_officer_id=h_officer,
                handler_user_id=h_user,
                assigned_at=self._moment(rng, accepted + dt.timedelta(days=rng.randint(0, 2))),
            )
        if state == ClueState.HANDLED:
            values["handled_at"] = self._moment(rng, accepted + dt.timedelta(days=rng.randint(3, 20)))
            values["outcome"] = ClueOutcome.CLOSED if rng.random() < 0.85 else ClueOutcome.REFERRED
            closed = values["outcome"] == ClueOutcome.CLOSED
            values["outcome_note"] = "经核查，未发现违法事实" if closed else "已移送有管辖权的机关"
        elif state == ClueState.REJECTED:
            values["reject_reason"] = rng.choice(REJECT_REASONS)
        elif state == ClueState.MERGED and org.pk in self.last_clue:
            values["merged_into_id"] = self.last_clue[org.pk]
        elif state == ClueState.MERGED:
            state = ClueState.REJECTED
            values["reject_reason"] = REJECT_REASONS[2]
        self.last_clue[org.pk] = clue_id
        place = org.name.removeprefix("深圳市")[:60]
        self.rows[Clue].append(
            self.t[Clue].row(
                id=clue_id,
                created_at=self._moment(rng, received),
                updated_at=self._moment(rng, received),
                number=number,
                channel=channel,
                received_at=self._moment(rng, received),
                organisation_id=org.pk,
                region_code=org.region_code,
                party_id=party_id,
                party_name=party_name,
                place=f"{place}辖区",
                place_region_code=org.region_code,
                domain=unit.sector,
                violation=cause,
                content=f"{ClueChannel(channel).label}反映{party_name or '某经营者'}{cause}。",
                occurred_on=received - dt.timedelta(days=rng.randint(0, 10)),
                priority=self.priority(rng),
                state=state,
                created_by_id=user_id,
                **values,
            )
        )

    # -- inspections -------------------------------------------------------------------------------

    def _inspection(self, rng: random.Random) -> None:
        unit = self._unit(rng)
        org = unit.org
        created = self.today - dt.timedelta(days=int(rng.random() ** 1.3 * DAYS))
        state = self.inspection_state(rng)
        if created < self.today - dt.timedelta(days=60) and state in (
            InspectionState.ASSIGNED,
            InspectionState.IN_PROGRESS,
        ):
            state = InspectionState.CLOSED  # old tasks are done
        party_id, party_name, _ = rng.choice(self.parties)
        lead, assist = rng.sample(unit.officers, 2)
        inspection_id = self._id(Inspection)
        values: dict[str, Any] = {}
        inspected = created + dt.timedelta(days=rng.randint(0, 20))
        if state in (InspectionState.CLOSED, InspectionState.CASE_OPENED, InspectionState.IN_PROGRESS):
            values.update(
                started_at=self._moment(rng, inspected), inspected_on=inspected, present="当事人负责人"
            )
        if state in (InspectionState.CLOSED, InspectionState.CASE_OPENED):
            values.update(
                finished_at=self._moment(rng, inspected),
                findings=rng.choice(FINDINGS) if state == InspectionState.CLOSED else "发现涉嫌违法行为",
                party_signature=party_name[:64],
                officer_signatures=[lead[2], assist[2]],
            )
        self.rows[Inspection].append(
            self.t[Inspection].row(
                id=inspection_id,
                party_id=party_id,
                party_name=party_name,
                organisation_id=org.pk,
                region_code=org.region_code,
                domain_id=self.domains[unit.sector],
                due_on=created + dt.timedelta(days=30),
                state=state,
                place=f"{org.name.removeprefix('深圳市')[:60]}辖区",
                created_by_id=lead[1],
                created_at=self._moment(rng, created),
                **values,
            )
        )
        for position, (officer_id, user_id, _) in enumerate((lead, assist)):
            self.rows[InspectionOfficer].append(
                self.t[InspectionOfficer].row(
                    id=self._id(InspectionOfficer),
                    inspection_id=inspection_id,
                    officer_id=officer_id,
                    user_id=user_id,
                    position=position,
                )
            )

    # -- the market domain's target library ------------------------------------------------------

    def write_targets(self, n: int) -> None:
        """One target per party (the first n parties by id), kept by the city market agency."""
        org = load_city().agencies[TARGET_DOMAIN]
        domain_id = self.domains[TARGET_DOMAIN]
        created = self._moment(random.Random(self.seed), self.today)
        table = self.t[InspectionTarget]
        parties = self.parties[:n]
        t0 = time.perf_counter()
        for start in range(0, len(parties), CHUNK):
            rng = random.Random(f"{self.seed}:targets:{start // CHUNK}")
            for pk, name, region_code in parties[start : start + CHUNK]:
                self.rows[InspectionTarget].append(
                    table.row(
                        id=self._id(InspectionTarget),
                        party_id=pk,
                        name=name[:200],
                        domain_id=domain_id,
                        library=TargetLibrary.CITY,
                        region_code=region_code or org.region_code,
                        risk=self.risk(rng),
                        organisation_id=org.pk,
                        is_active=True,
                        created_at=created,
                    )
                )
            self._flush("targets", min(len(parties), start + CHUNK), len(parties), t0)

    def write(self, *, clues: int, inspections: int, targets: int) -> dict[str, int]:
        self._chunks("clues", clues, self._clue)
        self._chunks("inspections", inspections, self._inspection)
        self.write_targets(targets)
        with transaction.atomic():
            for table in self.t.values():
                table.reset_sequence()
            for org_id, years in self.clue_seq.items():
                for year, last in years.items():
                    DocumentNumberSequence.objects.update_or_create(
                        organisation_id=org_id,
                        number_kind=CLUE_NUMBER_KIND,
                        year=year,
                        defaults={"last_seq": last},
                    )
        return dict(self.counts)


def seed_intake(
    *,
    clues: int,
    inspections: int,
    targets: int,
    seed: int,
    today: dt.date | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Write the demo clues, inspections and target library (the city must exist, and hold none)."""
    from zhifa.core.errors import Conflict

    if intake_state() is not None or Clue.objects.exists() or Inspection.objects.exists():
        raise Conflict("数据库中已有线索或检查记录：演示数据只能写入没有线索和检查记录的数据库")
    if InspectionTarget.objects.filter(domain__code=TARGET_DOMAIN).exists():
        raise Conflict("市场监管领域检查对象库已有对象：演示数据只能写入空的对象库")
    today = today or timezone.localdate()
    started = time.perf_counter()
    intake_roles_sync(log)
    writer = IntakeWriter(seed=seed, today=today, log=log)
    counts = writer.write(clues=clues, inspections=inspections, targets=targets)
    del writer
    if connection.vendor == "postgresql" and connection.get_autocommit():
        # VACUUM sets the visibility map (index-only counts skip the heap) as autovacuum would
        # in a settled database; ANALYZE gives the planner the new tables' statistics.
        with connection.cursor() as cursor:
            for model in (Clue, Inspection, InspectionOfficer, InspectionTarget):
                cursor.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')
    elif connection.vendor == "postgresql":  # inside a transaction (tests): statistics only
        with connection.cursor() as cursor:
            for model in (Clue, Inspection, InspectionOfficer, InspectionTarget):
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    seconds = round(time.perf_counter() - started, 1)
    with transaction.atomic():
        audit_append(
            actor=ACTOR,
            action=AUDIT_ACTION,
            payload={
                "seed": seed,
                "clues": clues,
                "inspections": inspections,
                "targets": targets,
                "today": today.isoformat(),
                "rows": counts,
                "seconds": seconds,
            },
        )
    return {
        "clues": Clue.objects.count(),
        "inspections": Inspection.objects.count(),
        "targets": InspectionTarget.objects.filter(domain__code=TARGET_DOMAIN).count(),
        "rows": counts,
        "seconds": seconds,
    }
