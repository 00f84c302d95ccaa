"""Lines other apps print on an issued document without storing them in its data (hooks, not
signals). A provider registered in an `AppConfig.ready()` is called inside `document_issue`'s
transaction with the document about to be issued:

    register_issue_note(party_access_note)   # (*, actor: Actor, document: Document) -> str

and returns one footer line, or "" for nothing (e.g. the party portal's 当事人查询码 on the documents
served on the party). The lines go into the rendered .docx and PDF only — never into
`Document.data` — so a secret printed for the addressee is not kept in plain text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

IssueNote = Callable[..., str]
_ISSUE_NOTES: list[IssueNote] = []


def register_issue_note(provider: IssueNote) -> IssueNote:
    if provider not in _ISSUE_NOTES:
        _ISSUE_NOTES.append(provider)
    return provider


def issue_notes(*, actor: Any, document: Any) -> tuple[str, ...]:
    lines = (provider(actor=actor, document=document) for provider in _ISSUE_NOTES)
    return tuple(line for line in lines if line)
