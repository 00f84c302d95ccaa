"""对外答复 by e-mail through a real SMTP conversation: Django's SMTP EmailBackend talks to an
aiosmtpd server on loopback (the `smtp_server` fixture); what the server receives is what the
reporter's mailbox would get — one message per reporter, addressed to that reporter alone."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.clues.models import ClueReply
from zhifa.clues.services import ReporterInput, clue_accept, clue_merge, clue_reply
from zhifa.clues.services.outcome import REPLY_SUBJECT
from zhifa.core.audit import Actor

from .conftest import ClueWorld, SmtpInbox, at

pytestmark = pytest.mark.django_db

ANSWER = "经核查，您反映的销售过期食品问题属实，我局已依法立案调查。感谢您的监督！"


def test_the_reply_reaches_the_reporter_over_smtp_in_chinese(
    world: ClueWorld, smtp_server: SmtpInbox, django_capture_on_commit_callbacks: Any
) -> None:
    clue = clue_accept(actor=Actor.of(world.manager), clue=world.register())
    with django_capture_on_commit_callbacks(execute=True):
        clue_reply(actor=Actor.of(world.manager), clue=clue, content=ANSWER)
    (received,) = smtp_server.wait_for(1)
    assert received.rcpt_tos == ["chen@example.com"]
    assert received.mail_from == "zhifa@example.gov.cn"
    assert received.message["To"] == "chen@example.com"
    assert received.subject == REPLY_SUBJECT == "投诉举报处理情况答复"
    assert ANSWER in received.body  # the Chinese body decoded from its transfer encoding
    assert f"线索编号{clue.number}" in received.body
    reply = ClueReply.objects.get()
    assert (reply.status, reply.receipt) == ("sent", "email:chen@example.com")
    assert reply.sent_at is not None
    assert len(smtp_server.received) == 1


def test_each_reporter_gets_a_message_of_their_own_that_names_no_other_reporter(
    world: ClueWorld, smtp_server: SmtpInbox, django_capture_on_commit_callbacks: Any
) -> None:
    """Two reporters of a clue and one of a clue merged into it: three separate messages, each to
    one address; no message carries another reporter's name, phone, e-mail or ID number (nor its
    own reporter's: the answer is about the clue, not about who reported it)."""
    people = [
        ReporterInput(
            name="陈小明",
            phone="13800138000",
            email="chen@example.com",
            id_number="110101199003074514",
            channel="email",
        ),
        ReporterInput(name="林晓红", phone="13900139000", email="lin@example.com", channel="email"),
    ]
    target = clue_accept(actor=Actor.of(world.manager), clue=world.register(reporters=people))
    merged = world.register(
        received_at=at(2026, 4, 29),
        reporters=[
            ReporterInput(name="黄大伟", phone="13700137000", email="huang@example.com", channel="email")
        ],
    )
    clue_merge(actor=Actor.of(world.manager), clue=merged, into=target, note="同一门店")
    with django_capture_on_commit_callbacks(execute=True):
        clue_reply(actor=Actor.of(world.manager), clue=target, content=ANSWER)
    received = smtp_server.wait_for(3)
    identities = {
        "chen@example.com": ("陈小明", "13800138000", "110101199003074514"),
        "lin@example.com": ("林晓红", "13900139000"),
        "huang@example.com": ("黄大伟", "13700137000"),
    }
    assert sorted(r.rcpt_tos[0] for r in received) == sorted(identities)
    for message in received:
        assert len(message.rcpt_tos) == 1  # no Cc, no Bcc
        (own,) = message.rcpt_tos
        assert message.message["Cc"] is None
        assert ANSWER in message.body
        text = message.raw_text
        for address, marks in identities.items():
            for mark in marks:
                assert mark not in text, (own, mark)
            if address != own:
                assert address not in text, (own, address)
    assert set(ClueReply.objects.values_list("status", flat=True)) == {"sent"}
