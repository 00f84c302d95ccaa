"""Personas of a penalty case at 罗湖监管局 (org_world.agency_child): two officers, their team
leader, a legal reviewer with the 法律职业资格, the agency head, and an officer of another agency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from zhifa.cases.models import Case
from zhifa.cases.services import case_register, case_transition
from zhifa.core.audit import Actor
from zhifa.orgs.tests.factories import OfficerFactory, domain
from zhifa.parties.tests.factories import make_party, make_uscc
from zhifa.worklist.models import ApprovalRun
from zhifa.worklist.services import approval_decide


@dataclass
class CaseWorld:
    unit: Any
    officer_a: Any
    officer_b: Any
    user_a: Any
    user_b: Any
    leader: Any
    reviewer: Any
    head: Any
    outsider: Any
    party: Any
    person: Any

    def register(self, **kwargs: Any) -> Case:
        defaults: dict[str, Any] = {
            "actor": Actor.of(self.user_a),
            "organisation": self.unit,
            "party": self.party,
            "cause": "销售过期食品",
            "act_on": date(2026, 3, 2),
            "discovered_on": date(2026, 3, 9),
            "officers": [self.officer_a, self.officer_b],
            "today": date(2026, 3, 9),
        }
        defaults.update(kwargs)
        return case_register(**defaults)

    def act(self, user: Any, case: Case, action: str, today: date, **data: Any) -> Case:
        case.refresh_from_db()
        return case_transition(
            actor=Actor.of(user),
            user=user,
            case_id=case.pk,
            action=action,
            version=case.version,
            data=data,
            today=today,
        )

    def pending_run(self, case: Case) -> ApprovalRun:
        run = ApprovalRun.objects.filter(
            subject_type="cases.case", subject_id=case.pk, status="pending"
        ).first()
        assert run is not None, "no pending approval for the case"
        return run

    def approve(
        self, user: Any, case: Case, today: date, *, decision: str = "approve", comment: str = ""
    ) -> Case:
        """Decide the case's pending approval step as `user` on `today` (10:00 Beijing time): the
        approval records its real time, so the test travels to the day instead of back-dating."""
        with time_machine.travel(
            datetime(today.year, today.month, today.day, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
        ):
            approval_decide(
                actor=Actor.of(user),
                user=user,
                run=self.pending_run(case),
                decision=decision,
                comment=comment,
            )
        case.refresh_from_db()
        return case

    def approve_all(self, case: Case, today: date, *users: Any) -> Case:
        for user in users:
            case = self.approve(user, case, today)
        return case


@pytest.fixture
def case_world(org_world: Any, make_user: Any) -> CaseWorld:
    unit = org_world.agency_child
    market = domain("market", "市场监管")

    def officer(user: Any, **kw: Any) -> Any:
        o: Any = OfficerFactory(organisation=unit, user=user, **kw)
        o.domains.add(market)
        return o

    user_a, user_b = make_user(unit, "officer"), make_user(unit, "officer")
    leader = make_user(unit, "team_leader")
    reviewer = make_user(unit, "legal_reviewer")
    head = make_user(unit, "agency_head")
    officer(leader)
    officer(reviewer, has_legal_qualification=True)
    world = CaseWorld(
        unit=unit,
        officer_a=officer(user_a, name="张三"),
        officer_b=officer(user_b, name="李四"),
        user_a=user_a,
        user_b=user_b,
        leader=leader,
        reviewer=reviewer,
        head=head,
        outsider=make_user(org_world.sibling_child, "officer"),
        party=make_party(unit, name="深圳市罗湖区某某食品有限公司", uscc=make_uscc(area="440303")),
        person=make_party(unit, kind="natural_person", name="王某"),
    )
    return world
