"""常用语 writes (the manage page and the admin)."""

from __future__ import annotations

from django.db import transaction

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import ValidationError
from zhifa.orgs.models import Organisation

from ..models import Phrase

CATEGORIES: dict[str, str] = {
    "facts": "违法事实",
    "opinion": "处理意见",
    "statement": "陈述申辩",
    "approval_comment": "审批意见",
    "review": "审核意见",
}


def phrase_create(
    *, actor: Actor, organisation: Organisation | None, category: str, text: str, order: int = 0
) -> Phrase:
    text = (text or "").strip()
    if category not in CATEGORIES:
        raise ValidationError("常用语类别无效", fields={"category": list(CATEGORIES)})
    if not text:
        raise ValidationError("请填写常用语内容", fields={"text": ["必填"]})
    with transaction.atomic():
        phrase = Phrase.objects.create(
            organisation=organisation, category=category, text=text[:500], order=order
        )
        audit_append(
            actor=actor, action="documents.phrase.create", subject=phrase, payload={"category": category}
        )
    return phrase


def phrase_delete(*, actor: Actor, phrase: Phrase) -> None:
    with transaction.atomic():
        audit_append(
            actor=actor, action="documents.phrase.delete", subject=phrase, payload={"text": phrase.text}
        )
        phrase.delete()
