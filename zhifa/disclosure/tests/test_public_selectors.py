"""The public portal's door: only published, unexpired rows (issue #5: "only published, unexpired,
masked data ever appears")."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from zhifa.core.errors import NotFound
from zhifa.disclosure.models import PublicationState as S
from zhifa.disclosure.selectors import public_publication, public_publications, public_withdrawals

from .factories import make_publication

TODAY = date(2026, 11, 20)


@pytest.fixture
def rows(org_world: Any) -> dict[str, Any]:
    unit = org_world.agency_child
    return {
        "open": make_publication(unit, state=S.PUBLISHED, public_until=date(2027, 5, 1)),
        "open_no_end": make_publication(unit, state=S.PUBLISHED, public_until=None),
        "last_day": make_publication(unit, state=S.PUBLISHED, public_until=TODAY),
        "ended": make_publication(unit, state=S.PUBLISHED, public_until=date(2026, 11, 19)),
        "pending": make_publication(unit, state=S.PENDING),
        "exempt": make_publication(unit, state=S.EXEMPT, exempt_reason="未成年人"),
        "expired": make_publication(unit, state=S.EXPIRED, public_until=date(2026, 1, 1)),
        "repaired": make_publication(unit, state=S.REPAIRED, public_until=date(2027, 1, 1)),
        "withdrawn": make_publication(
            unit,
            state=S.WITHDRAWN,
            published_at=timezone.now(),
            public_until=date(2027, 1, 1),
            end_note="处罚决定已被撤销",
        ),
        "withdrawn_unpublished": make_publication(unit, state=S.WITHDRAWN, end_note="未公示即撤回"),
    }


def test_public_publications_lists_only_published_rows_whose_period_has_not_ended(
    rows: dict[str, Any],
) -> None:
    visible = set(public_publications(today=TODAY).values_list("pk", flat=True))
    assert visible == {rows["open"].pk, rows["open_no_end"].pk, rows["last_day"].pk}


def test_public_publication_gives_the_same_not_found_for_every_hidden_state(rows: dict[str, Any]) -> None:
    assert public_publication(rows["open"].pk, today=TODAY).pk == rows["open"].pk
    for key in ("ended", "pending", "exempt", "expired", "repaired", "withdrawn"):
        with pytest.raises(NotFound):
            public_publication(rows[key].pk, today=TODAY)
    for junk in ("abc", None, 10**12):
        with pytest.raises(NotFound):
            public_publication(junk, today=TODAY)


def test_withdrawal_notes_stay_public_without_the_party(rows: dict[str, Any]) -> None:
    notes = list(public_withdrawals(today=TODAY))
    assert [n.pk for n in notes] == [rows["withdrawn"].pk]
    assert notes[0].end_note == "处罚决定已被撤销"
    assert "party_name" in notes[0].get_deferred_fields()
