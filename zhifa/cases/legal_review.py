"""重大法制审核 across the platform (spec/02 §1.1.8): the legal reviewer's one list of what waits on
them — penalty cases (处罚法第五十八条) and whatever other apps register (e.g. zhifa.coercion's major
强制执行决定, 重大行政执法决定法制审核). Apps above cases register a source at start (AppConfig.ready),
so cases never imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class LegalReviewItem:
    """One pending legal-review step the user may decide."""

    run_id: int
    started_at: datetime
    kind_label: str  # 行政处罚 / 行政强制执行 …
    title: str
    number: str
    party_name: str
    organisation_name: str
    url: str  # the subject's page


LegalReviewSource = Callable[[Any, int], list[LegalReviewItem]]
_SOURCES: dict[str, LegalReviewSource] = {}


def register_legal_review_source(name: str, source: LegalReviewSource) -> None:
    """`source(user, limit)` returns the user's pending items, already scoped (fails closed)."""
    _SOURCES[name] = source


def legal_review_items(user: Any, *, limit: int = 50) -> list[LegalReviewItem]:
    """Every registered source's pending items, oldest first (the reviewer works in order)."""
    items: list[LegalReviewItem] = []
    for source in _SOURCES.values():
        items.extend(source(user, limit))
    return sorted(items, key=lambda i: (i.started_at, i.run_id))[:limit]
