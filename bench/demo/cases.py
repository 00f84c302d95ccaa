"""The demo city's caseload: N penalty cases over its enforcement units, with what the services
would have written for each (bench.demo.case_plan gives the path and dates).

Per case: the Case row (number from the unit's 案 sequence and format, party name and kind copied,
dates and flags of every step taken), two CaseHandler rows (lead and assistant: officers of the
unit with their logins), its timeline (every step for open cases; the first and last step for
ended ones). Per open case: its Deadline rows as zhifa.cases.clocks starts, meets and suspends
them (due dates by zhifa.worklist.rules.compute_due, periods from the CasePeriod configuration),
the lead officer's task for the next step, or — in an approval state — a pending ApprovalRun with
the queue task of its current step (team leader, legal reviewer). The unit's 案 sequences end at
the numbers used, so cases registered later continue them.

Written set-based (bench.demo.bulk: COPY / executemany) in chunks of CHUNK cases, one transaction
each; one `demo.seed_cases` audit event records the run.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.cases.choices import OPEN_STATES, HandlerRole
from zhifa.cases.choices import CaseState as S
from zhifa.cases.clocks import CLOSING, DECISION, PAYMENT, SERVICE, STATEMENT, SUMMARY_FILING, rule_for
from zhifa.cases.models import Case, CaseEvent, CaseHandler
from zhifa.cases.services.approvals import APPROVALS as CASE_APPROVALS
from zhifa.cases.services.register import CASE_NUMBER_KIND
from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import CalendarYearUnknown
from zhifa.core.models import AuditEvent
from zhifa.core.workdays import PeriodUnit
from zhifa.documents.models import DocumentNumberSequence
from zhifa.documents.services.numbering import number_pattern
from zhifa.legal.rules.discretion import PenaltyKind
from zhifa.orgs.models import Officer, Organisation, User
from zhifa.parties.models import Party
from zhifa.worklist.models import ApprovalRun, Deadline, DeadlineSuspension, Task
from zhifa.worklist.rules import Interval, compute_due, state_for
from zhifa.worklist.services.deadlines import due_soon_days_for

from .bulk import Table
from .case_plan import CAUSES, GENERIC_CAUSES, Timeline, pick_state, timeline
from .catalogue import CITY_AGENCIES
from .city import load_city

AUDIT_ACTION = "demo.seed_cases"
ACTOR = Actor.system("seed_demo")
CHUNK = 10_000
SUBJECT = "cases.case"
# Relative caseload of a unit by its agency (a district branch also by its district's weight).
KEY_WEIGHT = {
    "market": 10.0, "urban": 6.0, "transport": 3.0, "traffic_police": 3.0, "ecology": 3.0,
    "emergency": 2.0, "housing": 2.0, "health": 2.0, "police": 2.0, "culture": 1.5, "fire": 1.5,
    "planning": 1.5, "water": 1.0,
}  # fmt: skip
STREET_WEIGHT = 0.6
# Steps at which the lead officer has the next move (task title), and approval states.
OFFICER_NEXT: dict[str, str] = {
    S.REGISTERED: "提请立案", S.INVESTIGATING: "调查取证", S.INVESTIGATION_CONCLUDED: "提交审核",
    S.REVIEWED: "告知当事人", S.NOTIFIED: "陈述申辩/提请决定", S.HEARING_REQUESTED: "通知听证",
    S.HEARING_SCHEDULED: "组织听证", S.HEARING_HELD: "提请决定", S.DECIDED: "送达决定书",
    S.SERVED: "登记缴款", S.EXECUTED: "提请结案",
}  # fmt: skip

# state → (type, name, steps): the pending run a case in that state waits on, with the cases app's
# default chain for that type (zhifa.cases.services.approvals), so the seeded runs are decidable.
APPROVALS: dict[str, tuple[str, str, list[dict[str, str]]]] = {
    state: (code, CASE_APPROVALS[code].name, [step.as_dict() for step in CASE_APPROVALS[code].steps])
    for state, code in (
        (S.OPENING, "cases.open"),
        (S.IN_REVIEW, "cases.review"),
        (S.DECIDING, "cases.decision"),
        (S.CLOSING, "cases.close"),
    )
}


@dataclass
class Unit:
    org: Organisation
    sector: str
    prefix_pattern: str
    officers: list[tuple[int, int, str]]  # (officer id, user id, name)
    seq: dict[int, int] = field(default_factory=dict)  # year → last 案 序号


def cases_state() -> dict[str, Any] | None:
    event = AuditEvent.objects.filter(action=AUDIT_ACTION).order_by("-seq").first()
    return None if event is None else json.loads(event.payload or "{}")


def _units(log: Callable[[str], None]) -> list[tuple[Unit, float]]:
    city = load_city()
    weight: dict[int, float] = {}
    sector: dict[int, str] = {}
    specs = {spec.key: spec for spec in CITY_AGENCIES}
    for key, org in city.agencies.items():
        weight[org.pk] = KEY_WEIGHT.get(key, 0.3) * (1.0 if specs[key].branch is None else 0.6)
        sector[org.pk] = specs[key].domains[0]
    district_weight = {"440303": 8, "440304": 13, "440305": 14, "440306": 20, "440307": 18}
    for (key, district), org in city.branches.items():
        weight[org.pk] = KEY_WEIGHT.get(key, 0.3) * district_weight.get(district, 5) / 10
        sector[org.pk] = specs[key].domains[0]
    for org in city.street_offices.values():
        weight[org.pk] = STREET_WEIGHT
        sector[org.pk] = "urban"
    staff: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for pk, org_id, user_id, name in (
        Officer.objects.filter(user__isnull=False, is_active=True, certificate_status="valid")
        .order_by("pk")
        .values_list("pk", "organisation_id", "user_id", "name")
    ):
        staff[org_id].append((pk, user_id, name))
    orgs = Organisation.objects.in_bulk(list(weight))
    units: list[tuple[Unit, float]] = []
    prefixes: set[str] = set()
    for pk in sorted(weight):
        org = orgs[pk]
        if len(staff[pk]) < 2:  # 处罚法 第42条: two officers
            continue
        pattern = number_pattern(org, CASE_NUMBER_KIND)
        prefix = pattern.format(
            org_abbr=org.short_name or org.name, kind=CASE_NUMBER_KIND, year=0, seq=0, seq3=""
        )
        if prefix in prefixes:  # two units whose numbers would collide: leave the second out
            log(f"cases: {org.name} left out (case numbers would repeat {prefix})")
            continue
        prefixes.add(prefix)
        units.append((Unit(org, sector[pk], pattern, staff[pk]), weight[pk]))
    return units


@cache
def _rule(rule_code: str, sector: str, province: str, on_year: int) -> tuple[Any, int]:
    """The clock's period (CasePeriod: sector → province → national; only the province of the
    region code counts) and its yellow lead."""
    rule = rule_for(Case(region_code=province, sector=sector), rule_code, dt.date(on_year, 7, 1))
    return rule, due_soon_days_for(rule)


@lru_cache(maxsize=200_000)
def _due(amount: int, unit: str, started_on: dt.date, suspension: tuple[Any, ...], today: dt.date) -> Any:
    intervals = [Interval(*suspension)] if suspension else []
    try:
        return compute_due(
            amount=amount, unit=unit, started_on=started_on, suspensions=intervals, today=today
        )
    except CalendarYearUnknown:  # a year without its holiday schedule: the service would refuse too
        return None


class CaseWriter:
    def __init__(self, *, seed: int, today: dt.date, log: Callable[[str], None]) -> None:
        self.seed, self.today, self.log = seed, today, log
        self.units = _units(log)
        cum, total = [], 0.0
        for _, w in self.units:
            total += w
            cum.append(total)
        self.cum = cum
        self.parties = list(Party.objects.order_by("pk").values_list("pk", "name", "kind"))
        self.t = {
            m: Table(m)
            for m in (Case, CaseHandler, CaseEvent, Deadline, DeadlineSuspension, Task, ApprovalRun)
        }
        self.ids = {m: t.next_id() for m, t in self.t.items()}
        self.rows: dict[type, list[tuple[Any, ...]]] = defaultdict(list)
        self.case_url = reverse("cases:detail", args=[999999999]).replace("999999999", "{}")
        self.run_url = reverse("worklist:approval", args=[999999999]).replace("999999999", "{}")
        self.counts: dict[str, int] = defaultdict(int)
        self.utc_suffix = "+00" if connection.vendor == "postgresql" else ""
        for row in DocumentNumberSequence.objects.filter(number_kind=CASE_NUMBER_KIND):
            for unit, _ in self.units:
                if unit.org.pk == row.organisation_id:
                    unit.seq[row.year] = row.last_seq

    def _id(self, model: Any) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    def _moment(self, rng: random.Random, day: dt.date) -> str:
        """A working-hours moment of `day` (08:00–17:59 in Shenzhen = 00:00–09:59 UTC) as column text."""
        minute = int(rng.random() * 600)
        return f"{day.isoformat()} {minute // 60:02d}:{minute % 60:02d}:00{self.utc_suffix}"

    def write(self, n: int) -> dict[str, int]:
        t0 = time.perf_counter()
        for chunk in range((n + CHUNK - 1) // CHUNK):
            rng = random.Random(f"{self.seed}:cases:{chunk}")
            for _ in range(min(CHUNK, n - chunk * CHUNK)):
                self._case(rng)
            with transaction.atomic():
                for model, table in self.t.items():
                    self.counts[str(model._meta.model_name)] += table.write(self.rows[model])
            self.rows.clear()
            done = min(n, (chunk + 1) * CHUNK)
            if done % 100_000 == 0 or done == n:
                self.log(f"cases: {done:,} ({done / max(time.perf_counter() - t0, 1e-9):,.0f}/s)")
        with transaction.atomic():
            for table in self.t.values():
                table.reset_sequence()
            self._sequences()
        return dict(self.counts)

    def _sequences(self) -> None:
        for unit, _ in self.units:
            for year, last in unit.seq.items():
                DocumentNumberSequence.objects.update_or_create(
                    organisation=unit.org,
                    number_kind=CASE_NUMBER_KIND,
                    year=year,
                    defaults={"last_seq": last},
                )

    def _case(self, rng: random.Random) -> None:
        import bisect

        unit = self.units[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])][0]
        org = unit.org
        procedure, state = pick_state(rng)
        line = timeline(rng, procedure, state, self.today)
        party_id, party_name, party_kind = rng.choice(self.parties)
        lead, assist = rng.sample(unit.officers, 2)
        year = line.steps[0].on.year
        seq = unit.seq[year] = unit.seq.get(year, 0) + 1
        number = unit.prefix_pattern.format(
            org_abbr=org.short_name or org.name, kind=CASE_NUMBER_KIND, year=year, seq=seq, seq3=f"{seq:03d}"
        )
        cause = rng.choice(
            CAUSES.get(unit.sector, GENERIC_CAUSES) if unit.sector in CAUSES else GENERIC_CAUSES
        )
        case_id = self._id(Case)
        values = self._case_values(rng, line, party_kind)
        first, last = line.steps[0], line.steps[-1]
        self.rows[Case].append(
            self.t[Case].row(
                id=case_id,
                created_at=self._moment(rng, first.on),
                updated_at=self._moment(rng, last.on),
                number=number,
                procedure=procedure,
                procedure_version="2021.1",
                state=state,
                version=len(line.steps),
                organisation_id=org.pk,
                region_code=org.region_code,
                sector=unit.sector,
                party_id=party_id,
                party_name=party_name,
                party_kind=party_kind,
                cause=cause,
                source=rng.choice(
                    ("inspection", "inspection", "complaint", "report", "referral", "detection")
                ),
                facts=f"经查，当事人{party_name}存在{cause}的违法行为。" if len(line.steps) > 3 else "",
                # entered at 调查终结 in the real flow; the decision document needs them (处罚法第59条)
                evidence_summary="现场检查笔录、询问笔录、现场照片" if len(line.steps) > 3 else "",
                basis_violation=f"《{cause}相关法规》第十条" if len(line.steps) > 3 else "",
                basis_penalty=f"《{cause}相关法规》第三十条" if len(line.steps) > 3 else "",
                place=org.name.removeprefix("深圳市")[:60],
                act_on=first.on - dt.timedelta(days=rng.randint(0, 20)),
                discovered_on=first.on,
                created_by_id=lead[1],
                **values,
            )
        )
        for role, (officer_id, user_id, _) in ((HandlerRole.LEAD, lead), (HandlerRole.ASSIST, assist)):
            self.rows[CaseHandler].append(
                self.t[CaseHandler].row(
                    id=self._id(CaseHandler),
                    case_id=case_id,
                    officer_id=officer_id,
                    user_id=user_id,
                    role=role,
                )
            )
        is_open = state in OPEN_STATES
        for step in line.steps if is_open or len(line.steps) < 3 else (line.steps[0], line.steps[-1]):
            self.rows[CaseEvent].append(
                self.t[CaseEvent].row(
                    id=self._id(CaseEvent),
                    case_id=case_id,
                    action=step.action,
                    label=step.label,
                    from_state=step.from_state,
                    to_state=step.to_state,
                    actor_id=lead[1],
                    actor_label=lead[2],
                    occurred_at=self._moment(rng, step.on),
                    payload={},
                )
            )
        if is_open:
            due = self._deadlines(rng, case_id, org, unit.sector, line, values)
            self._task(rng, case_id, org, number, cause, line, lead, due)

    def _case_values(self, rng: random.Random, line: Timeline, party_kind: str) -> dict[str, Any]:
        person = party_kind == "natural_person"
        v: dict[str, Any] = {
            "opened_on": line.on("approve_open"),
            "investigation_concluded_on": line.on("conclude_investigation"),
            "notice_served_on": line.on("notify"),
            "hearing_requested_on": line.on("request_hearing"),
            "hearing_notice_served_on": line.on("schedule_hearing"),
            "hearing_concluded_on": line.on("hold_hearing"),
            "decided_on": line.on("decide") or line.on("decide_on_spot"),
            "decision_served_on": line.on("serve_decision") or line.on("decide_on_spot"),
            "executed_on": line.on("record_payment"),
            "closed_on": line.on("close"),
            "archived_on": line.on("archive"),
        }
        if v["hearing_notice_served_on"]:
            v["hearing_on"] = v["hearing_notice_served_on"] + dt.timedelta(days=7)
        if line.procedure == "summary":
            fine = Decimal(rng.choice((50, 100, 200) if person else (200, 500, 1000, 2000, 3000)))
            v["decided_kinds"] = [PenaltyKind.WARNING] if rng.random() < 0.1 else [PenaltyKind.FINE]
            v["decided_fine"] = None if v["decided_kinds"] == [PenaltyKind.WARNING] else fine
            v["cash_collected_on_spot"] = v["decided_fine"] is not None and rng.random() < 0.2
        elif v["notice_served_on"]:
            fine = Decimal(rng.choice((2000, 5000, 10000, 20000, 50000, 100000, 200000)))
            v.update(
                proposed_kinds=[PenaltyKind.FINE],
                proposed_fine=fine,
                hearing_right=fine >= 10000 or not person,
            )
            v["statement_made"] = rng.random() < 0.3
            if v["decided_on"]:
                v.update(decided_kinds=[PenaltyKind.FINE], decided_fine=fine, outcome="penalty")
        if v["executed_on"] and v.get("decided_fine"):
            v["paid_amount"] = v["decided_fine"]
        if line.state == S.DECLINED:
            v["outcome"] = "declined"
        elif line.state == S.TRANSFERRED:
            v["outcome"] = "transfer"
        elif line.procedure == "summary" and v["decided_on"]:
            v["outcome"] = "penalty"
        return v

    def _deadlines(
        self,
        rng: random.Random,
        case_id: int,
        org: Organisation,
        sector: str,
        line: Timeline,
        v: dict[str, Any],
    ) -> dt.date | None:
        """The case's clocks as zhifa.cases.clocks leaves them; returns the nearest open due date."""
        clocks: list[tuple[str, dt.date, dt.date | None, tuple[Any, ...]]] = []
        if line.procedure == "general":
            if v["opened_on"]:
                hearing = v["hearing_notice_served_on"]
                pause = (hearing, v["hearing_concluded_on"]) if hearing else ()
                clocks.append((DECISION, v["opened_on"], v["decided_on"], pause))
            if v["notice_served_on"]:
                clocks.append((STATEMENT, v["notice_served_on"], line.on("submit_decision"), ()))
            if v["decided_on"]:
                clocks.append((SERVICE, v["decided_on"], v["decision_served_on"], ()))
            if v["decision_served_on"]:
                clocks.append((PAYMENT, v["decision_served_on"], v["executed_on"], ()))
            if v["executed_on"]:
                clocks.append((CLOSING, v["executed_on"], v["closed_on"], ()))
        elif v["decided_on"]:
            clocks.append((SUMMARY_FILING, v["decided_on"], v["closed_on"], ()))
            if v.get("decided_fine") and not v.get("cash_collected_on_spot"):
                clocks.append((PAYMENT, v["decided_on"], v["executed_on"], ()))
        nearest: dt.date | None = None
        for rule_code, started, met, pause in clocks:
            rule, lead = _rule(rule_code, sector, org.region_code[:2], started.year)
            result = _due(rule.amount, PeriodUnit(rule.unit).value, started, pause, self.today)
            if result is None:
                continue
            state = (
                "met"
                if met
                else "suspended"
                if result.suspended
                else state_for(result.due_on, self.today, lead)
            )
            deadline_id = self._id(Deadline)
            created = self._moment(rng, started)
            self.rows[Deadline].append(
                self.t[Deadline].row(
                    id=deadline_id,
                    subject_type=SUBJECT,
                    subject_id=case_id,
                    organisation_id=org.pk,
                    region_code=org.region_code,
                    rule_code=rule.code,
                    title=rule.title,
                    basis=rule.basis,
                    amount=rule.amount,
                    unit=PeriodUnit(rule.unit).value,
                    started_on=started,
                    due_on=result.due_on,
                    state=state,
                    due_soon_days=lead,
                    provisional=result.provisional,
                    met_on=met,
                    created_at=created,
                    updated_at=self._moment(rng, met) if met else created,
                )
            )
            if pause:
                self.rows[DeadlineSuspension].append(
                    self.t[DeadlineSuspension].row(
                        id=self._id(DeadlineSuspension),
                        deadline_id=deadline_id,
                        reason="听证（期间不计入办案期限）",
                        started_on=pause[0],
                        ended_on=pause[1],
                        created_at=self._moment(rng, pause[0]),
                    )
                )
            if not met and (nearest is None or result.due_on < nearest):
                nearest = result.due_on
        return nearest

    def _task(
        self,
        rng: random.Random,
        case_id: int,
        org: Organisation,
        number: str,
        cause: str,
        line: Timeline,
        lead: tuple[int, int, str],
        due: dt.date | None,
    ) -> None:
        subject_title = f"{number} {cause}"[:200]
        created = self._moment(rng, line.steps[-1].on)
        common = {
            "subject_type": SUBJECT,
            "subject_id": case_id,
            "organisation_id": org.pk,
            "region_code": org.region_code,
            "status": "open",
            "created_at": created,
        }
        if line.state in APPROVALS:
            code, name, steps = APPROVALS[line.state]
            current = rng.randint(0, 1) if len(steps) > 1 else 0
            run_id = self._id(ApprovalRun)
            self.rows[ApprovalRun].append(
                self.t[ApprovalRun].row(
                    id=run_id,
                    subject_type=SUBJECT,
                    subject_id=case_id,
                    organisation_id=org.pk,
                    region_code=org.region_code,
                    approval_type=code,
                    subject_title=subject_title,
                    steps=steps,
                    status="pending",
                    current_step=current,
                    summary={"case": number, "action": line.steps[-1].action},
                    started_by_id=lead[1],
                    started_at=created,
                    version=current,
                )
            )
            step = steps[current]
            self.rows[Task].append(
                self.t[Task].row(
                    id=self._id(Task),
                    kind="approval",
                    title=f"{name}：{step['label']}（{subject_title}）"[:200],
                    queue_role=step["role"],
                    queue_organisation_id=org.pk,
                    url=self.run_url.format(run_id),
                    approval_run_id=run_id,
                    approval_step=current,
                    **common,
                )
            )
        elif line.state in OFFICER_NEXT:
            self.rows[Task].append(
                self.t[Task].row(
                    id=self._id(Task),
                    kind="case",
                    title=f"{OFFICER_NEXT[line.state]}：{subject_title}"[:200],
                    assignee_id=lead[1],
                    due_on=due,
                    url=self.case_url.format(case_id),
                    **common,
                )
            )


def seed_cases(
    *, cases: int, seed: int, today: dt.date | None = None, log: Callable[[str], None] = lambda _: None
) -> dict[str, Any]:
    """Write `cases` demo cases (the city must exist and hold no demo cases yet)."""
    from zhifa.core.errors import Conflict

    if cases_state() is not None or Case.objects.exists():
        raise Conflict("数据库中已有案件：演示案件只能写入没有案件的数据库")
    today = today or timezone.localdate()
    started = time.perf_counter()
    writer = CaseWriter(seed=seed, today=today, log=log)
    counts = writer.write(cases)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Case, CaseHandler, CaseEvent, Deadline, Task, ApprovalRun):
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    seconds = round(time.perf_counter() - started, 1)
    with transaction.atomic():
        audit_append(
            actor=ACTOR,
            action=AUDIT_ACTION,
            payload={
                "seed": seed,
                "cases": cases,
                "today": today.isoformat(),
                "rows": counts,
                "seconds": seconds,
            },
        )
    return {"cases": Case.objects.count(), "rows": counts, "users": User.objects.count(), "seconds": seconds}
