"""Personas of clue intake. The 市市场监管局 (org_world.agency) receives clues: its 案源管理人员
`manager` registers and assigns, its 执法队长 `approver` decides acceptance. The 罗湖监管局
(agency_child) handles: its team leader names the officer `officer_user`. Outsiders: an officer
and a 案源管理人员 of the 生态环境局 tree."""

from __future__ import annotations

import email
import email.policy
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from zhifa.cases.tests.conftest import case_world  # the penalty-case personas (罗湖监管局)
from zhifa.clues.models import Clue
from zhifa.clues.services import ReporterInput, clue_register
from zhifa.core.audit import Actor
from zhifa.orgs.tests.factories import OfficerFactory, domain
from zhifa.parties.tests.factories import make_party, make_uscc

__all__ = ["case_world"]

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


@dataclass
class Received:
    """One message as the SMTP server got it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())  # type: ignore[attr-defined]

    @property
    def raw_text(self) -> str:
        """Every header and the decoded body: what anyone holding the message can read."""
        return "\n".join(f"{k}: {v}" for k, v in self.message.items()) + "\n" + self.body


@dataclass
class SmtpInbox:
    """A real SMTP server (aiosmtpd) on a free loopback port, its received messages in order."""

    host: str
    port: int
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # the aiosmtpd hook
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """The first `count` messages, waiting for delivery threads (the live server's) to finish."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.received) >= count, f"{len(self.received)} of {count} messages received"
        return self.received[:count]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[SmtpInbox]:
    """An aiosmtpd Controller on 127.0.0.1, with Django's SMTP EmailBackend pointed at it for the
    test (no TLS, no login): the reply adapters deliver to a real SMTP conversation."""
    from aiosmtpd.controller import Controller

    inbox = SmtpInbox(host="127.0.0.1", port=_free_port())
    controller = Controller(inbox, hostname=inbox.host, port=inbox.port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=inbox.host,
            EMAIL_PORT=inbox.port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=10,
            DEFAULT_FROM_EMAIL="zhifa@example.gov.cn",
        ):
            yield inbox
    finally:
        controller.stop()
