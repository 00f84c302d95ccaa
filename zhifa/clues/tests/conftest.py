"""Personas of clue intake. The 市市场监管局 (org_world.agency) receives clues: its 案源管理人员
`manager` registers and assigns, its 执法队长 `approver` decides acceptance. The 罗湖监管局
(agency_child) handles: its team leader names the officer `officer_user`. Outsiders: an officer
and a 案源管理人员 of the 生态环境局 tree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zhifa.clues.models import Clue
from zhifa.clues.services import ReporterInput, clue_register
from zhifa.core.audit import Actor
from zhifa.orgs.tests.factories import OfficerFactory, domain
from zhifa.parties.tests.factories import make_party, make_uscc

SH = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, tzinfo=SH)


@dataclass
class ClueWorld:
    agency: Any
    child: Any
    manager: Any
    approver: Any
    child_leader: Any
    officer_user: Any
    officer: Any
    viewer_no_reporter: Any
    outsider: Any
    other_manager: Any
    party: Any

    def register(self, **kwargs: Any) -> Clue:
        data: dict[str, Any] = {
            "actor": Actor.of(self.manager),
            "organisation": self.agency,
            "channel": "complaint",
            "violation": "销售过期食品",
            "received_at": at(2026, 4, 28),
            "domain": "market",
            "party": self.party,
            "place": "罗湖区东门街道测试路1号",
            "lat": Decimal("22.547000"),
            "lng": Decimal("114.120000"),
            "content": "货架上有过期牛奶出售",
            "reporters": [
                ReporterInput(name="陈小明", phone="13800138000", email="chen@example.com", channel="email")
            ],
        }
        data.update(kwargs)
        return clue_register(**data)


@pytest.fixture
def world(org_world: Any, make_user: Any) -> ClueWorld:
    market = domain("market", "市场监管")
    domain("environment", "生态环境")
    child = org_world.agency_child
    officer_user = make_user(child, "officer")
    officer: Any = OfficerFactory(organisation=child, user=officer_user, name="张三")
    officer.domains.add(market)
    return ClueWorld(
        agency=org_world.agency,
        child=child,
        manager=make_user(org_world.agency, "case_source_manager"),
        approver=make_user(org_world.agency, "team_leader"),
        child_leader=make_user(child, "team_leader"),
        officer_user=officer_user,
        officer=officer,
        viewer_no_reporter=make_user(org_world.agency, "team_leader"),
        outsider=make_user(org_world.sibling_child, "officer"),
        other_manager=make_user(org_world.sibling, "case_source_manager"),
        party=make_party(child, name="深圳市罗湖区某某食品有限公司", uscc=make_uscc(area="440303")),
    )
