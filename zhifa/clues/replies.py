"""对外答复 delivery adapters behind one interface. The service records each reply in its
transaction and delivers after commit (`deliver_reply`); the adapter per channel comes from the
setting `ZHIFA_CLUE_REPLY_ADAPTERS` ({channel: dotted path}), defaulting to: e-mail through
Django's e-mail backend (SMTP in production), SMS to a console/fake outbox (a provincial SMS
gateway adapter plugs in here), letters recorded for printing and posting, 网上查询 replies
published to the public tracking page."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

logger = logging.getLogger("zhifa.clues.replies")


@dataclass(frozen=True)
class Delivery:
    sent: bool  # False: recorded only (a letter to post)
    receipt: str


class ReplyAdapter(Protocol):
    def send(self, *, to: str, subject: str, body: str) -> Delivery: ...


class SmtpEmailAdapter:
    """E-mail through Django's configured backend (EMAIL_BACKEND / EMAIL_HOST …)."""

    def send(self, *, to: str, subject: str, body: str) -> Delivery:
        message = EmailMessage(subject=subject, body=body, to=[to])
        message.send(fail_silently=False)
        return Delivery(True, f"email:{to}")


class ConsoleSmsAdapter:
    """SMS to the log and an in-memory outbox (development and tests)."""

    outbox: list[tuple[str, str]] = []

    def send(self, *, to: str, subject: str, body: str) -> Delivery:
        text = f"【{subject}】{body}"
        ConsoleSmsAdapter.outbox.append((to, text))
        logger.info("SMS to %s: %s", to, text)
        return Delivery(True, f"sms:{to}")


class LetterAdapter:
    """A letter: recorded for printing and posting (a 答复函 is posted by the unit)."""

    def send(self, *, to: str, subject: str, body: str) -> Delivery:
        return Delivery(False, f"letter:{to}")


class PortalAdapter:
    """网上查询: the recorded reply is what the reporter reads on the public tracking page with their
    tracking code (zhifa.portal.complaints), so recording it is delivering it."""

    def send(self, *, to: str, subject: str, body: str) -> Delivery:
        return Delivery(True, "portal:tracking")


DEFAULT_ADAPTERS = {
    "email": "zhifa.clues.replies.SmtpEmailAdapter",
    "sms": "zhifa.clues.replies.ConsoleSmsAdapter",
    "letter": "zhifa.clues.replies.LetterAdapter",
    "portal": "zhifa.clues.replies.PortalAdapter",
}


@cache
def _load(path: str) -> ReplyAdapter:
    adapter: ReplyAdapter = import_string(path)()
    return adapter


def adapter_for(channel: str) -> ReplyAdapter:
    configured = getattr(settings, "ZHIFA_CLUE_REPLY_ADAPTERS", None) or {}
    path = configured.get(channel) or DEFAULT_ADAPTERS.get(channel)
    if not path:
        raise KeyError(channel)
    return _load(path)
