"""The public portal benchmark's 执法公示 (`bench portal`): N published, unexpired publications
(penalties, inspection results, coercion decisions) over the demo city's enforcement units and its
parties, as the disclosure services leave them: a natural person's name and identity number
masked (RULES §6.3: 张三 → 张*, 4403**********0014), a sole trader's operator masked, an organisation's
name, USCC and legal representative in clear; `search_grams` written by
`zhifa.portal.search.grams_for_publication` as the services must.

Rows are in publication order (ids grow with `published_at`), decided over the last three years,
each public for three years from its decision (so all are public today). Numbers follow
`{unit}{罚/检/强}〔year〕seq号` per unit, kind and year. Written set-based (bench.demo.bulk: COPY /
executemany) in chunks of CHUNK rows, one transaction each, deterministic from the seed; the search
index is dropped for the load and rebuilt after it (FTS5 rebuild / CREATE INDEX), then the table is
analysed. One `demo.seed_portal_publications` audit event records each run; a later run with a larger N
appends the missing rows only.
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

from zhifa.core.audit import Actor, audit_append
from zhifa.core.identifiers import mask_name
from zhifa.core.models import AuditEvent
from zhifa.disclosure.models import PartyKind, Publication, PublicationKind, PublicationState, Severity
from zhifa.parties.models import Party
from zhifa.portal.search import (
    grams_for_publication,
    install_publication_search,
    publication_search_is_installed,
    uninstall_publication_search,
)

from .bulk import Table
from .case_plan import CAUSES, GENERIC_CAUSES
from .cases import Unit, _units

AUDIT_ACTION = "demo.seed_portal_publications"
ACTOR = Actor.system("seed_demo")
CHUNK = 10_000
DAYS = 3 * 365
SUBJECT_TYPE = "demo.portal_publication"  # no source record: the bench reads the public rows only
KINDS = ((PublicationKind.PENALTY, 60), (PublicationKind.INSPECTION, 30), (PublicationKind.COERCION, 10))
KIND_LETTER = {
    PublicationKind.PENALTY: "罚",
    PublicationKind.INSPECTION: "检",
    PublicationKind.COERCION: "强",
}
LIBRARY_KIND = {
    "natural_person": PartyKind.PERSON,
    "individual_business": PartyKind.SOLE_TRADER,
    "legal_person": PartyKind.ORGANISATION,
    "other_org": PartyKind.ORGANISATION,
}
INSPECTION_RESULTS = (
    "未发现违法行为",
    "发现问题已责令当场整改",
    "责令限期整改",
    "发现涉嫌违法行为，已立案调查",
)
COERCION_MEASURES = ("查封涉案物品", "扣押涉案物品", "查封经营场所")
FINES = (500, 1000, 2000, 3000, 5000, 10000, 20000, 50000, 100000)


def portal_publications_state() -> dict[str, Any] | None:
    event = AuditEvent.objects.filter(action=AUDIT_ACTION).order_by("-seq").first()
    return None if event is None else json.loads(event.payload or "{}")


def published_count() -> int:
    return Publication.objects.filter(state=PublicationState.PUBLISHED).count()


class _Editor:
    """The schema-editor surface the search install steps use, over the open connection."""

    connection = connection

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


class PublicationWriter:
    def __init__(self, *, seed: int, today: dt.date, log: Callable[[str], None]) -> None:
        self.seed, self.today, self.log = seed, today, log
        self.units: list[Unit] = []
        self.cum: list[float] = []
        total = 0.0
        for unit, weight in _units(log):
            self.units.append(unit)
            total += weight
            self.cum.append(total)
        self.parties = list(
            Party.objects.order_by("pk").values_list(
                "pk", "kind", "name", "uscc", "id_number_masked", "legal_rep_name"
            )
        )
        self.table = Table(Publication)
        self.seq: dict[tuple[int, str, int], int] = defaultdict(int)
        self.kind_cum = list(_cumulative([w for _, w in KINDS]))
        self.pg = connection.vendor == "postgresql"

    def _moment(self, day: dt.date, minute: int) -> str:
        """A working-hours moment of `day` in Shenzhen (UTC 00:00–09:59) as the column's text."""
        text = f"{day.isoformat()} {minute // 60:02d}:{minute % 60:02d}:00"
        return text + "+00" if self.pg else text

    def _row(self, rng: random.Random, index: int, n_total: int, first: dt.date, pk_: int) -> tuple[Any, ...]:
        unit = self.units[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]
        org = unit.org
        kind = KINDS[bisect.bisect_right(self.kind_cum, rng.random() * self.kind_cum[-1])][0]
        pk, library_kind, name, uscc, id_masked, rep = rng.choice(self.parties)
        party_kind = LIBRARY_KIND.get(library_kind, PartyKind.ORGANISATION)
        # Publication order: the row's place in the run fixes its publication day.
        published = first + dt.timedelta(days=int(index * DAYS / max(n_total, 1)))
        decided = published - dt.timedelta(days=rng.randint(1, 10))
        year = decided.year
        seq_key = (org.pk, kind, year)
        self.seq[seq_key] += 1
        number = f"{org.short_name or org.name}{KIND_LETTER[kind]}〔{year}〕{self.seq[seq_key]}号"
        if party_kind == PartyKind.PERSON:
            party_name, code, representative = mask_name(name), id_masked, ""
        elif party_kind == PartyKind.SOLE_TRADER:
            party_name, code, representative = name, uscc or "", mask_name(rep)
        else:
            party_name, code, representative = name, uscc or "", rep
        cause = rng.choice(CAUSES.get(unit.sector, GENERIC_CAUSES))
        fine = None
        if kind == PublicationKind.PENALTY:
            fine = rng.choice(FINES)
            title, decision = cause, f"警告，罚款人民币{fine}元" if fine < 5000 else f"罚款人民币{fine}元"
            facts = f"当事人{party_name}存在{cause}的行为"
            basis = "《中华人民共和国行政处罚法》第二十八条"
            penalty_kinds = ["警告", "罚款"] if fine < 5000 else ["罚款"]
        elif kind == PublicationKind.INSPECTION:
            title, decision = f"{cause}专项检查", rng.choice(INSPECTION_RESULTS)
            facts, basis, penalty_kinds = "依法开展现场检查", "《中华人民共和国行政处罚法》第五十四条", []
        else:
            title, decision = cause, rng.choice(COERCION_MEASURES)
            facts, basis, penalty_kinds = (
                f"当事人{party_name}涉嫌{cause}",
                "《中华人民共和国行政强制法》第九条",
                [],
            )
        minute = int(rng.random() * 600)
        return self.table.row(
            id=pk_,
            kind=kind,
            state=PublicationState.PUBLISHED,
            subject_type=SUBJECT_TYPE,
            subject_id=index + 1,
            organisation_id=org.pk,
            organisation_name=org.name,
            region_code=org.region_code,
            number=number,
            title=title,
            party_kind=party_kind,
            party_id=pk,
            party_name=party_name,
            party_code=code,
            legal_representative=representative,
            facts=facts,
            basis=basis,
            decision=decision,
            penalty_kinds=penalty_kinds,
            fine_amount=fine,
            decided_on=decided,
            severity=Severity.ORDINARY,
            due_on=decided + dt.timedelta(days=9),
            published_at=self._moment(published, minute),
            public_until=decided + dt.timedelta(days=DAYS + 30),
            search_grams=grams_for_publication(party_name, number, code),
            version=1,
            created_at=self._moment(published, minute),
            updated_at=self._moment(published, minute),
        )

    def write(self, *, start: int, end: int) -> int:
        """Rows number start … end − 1 of a run of `end` rows (ids continue the table's)."""
        first = self.today - dt.timedelta(days=DAYS)
        next_id = self.table.next_id()
        written = 0
        t0 = time.perf_counter()
        for chunk in range(start // CHUNK, (end - 1) // CHUNK + 1):
            rng = random.Random(f"{self.seed}:publications:{chunk}")
            rows: list[Any] = []
            for index in range(chunk * CHUNK, min((chunk + 1) * CHUNK, end)):
                row = self._row(rng, index, end, first, next_id + len(rows))  # same draws for every run
                if index >= start:
                    rows.append(row)
            if not rows:
                continue
            next_id += len(rows)
            with transaction.atomic():
                written += self.table.write(rows)
            done = start + written
            if done % 100_000 == 0 or done == end:
                self.log(f"publications: {done:,} ({written / max(time.perf_counter() - t0, 1e-9):,.0f}/s)")
        with transaction.atomic():
            self.table.reset_sequence()
        return written


def _cumulative(weights: list[int]) -> list[int]:
    total, out = 0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def seed_portal_publications(
    *,
    publications: int,
    seed: int,
    today: dt.date | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Make the demo city hold `publications` published rows (append the missing ones)."""
    today = today or timezone.localdate()
    started = time.perf_counter()
    existing = published_count()
    start = Publication.objects.filter(subject_type=SUBJECT_TYPE).count()  # rows of earlier runs
    added = 0
    if publications > existing:
        writer = PublicationWriter(seed=seed, today=today, log=log)
        in_atomic = connection.in_atomic_block
        if not in_atomic:  # drop the index for the load: rebuilding is faster than maintaining it
            uninstall_publication_search(None, _Editor())
        try:
            added = writer.write(start=start, end=start + publications - existing)
        finally:
            if not publication_search_is_installed():
                t1 = time.perf_counter()
                install_publication_search(None, _Editor())
                log(f"publications: search index built in {time.perf_counter() - t1:.1f}s")
        del writer
        table = Publication._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f'{"ANALYZE" if in_atomic else "VACUUM ANALYZE"} "{table}"')
    seconds = round(time.perf_counter() - started, 1)
    with transaction.atomic():
        audit_append(
            actor=ACTOR,
            action=AUDIT_ACTION,
            payload={
                "seed": seed,
                "publications": start + added,
                "added": added,
                "today": today.isoformat(),
                "seconds": seconds,
            },
        )
    return {"publications": published_count(), "added": added, "seconds": seconds}
