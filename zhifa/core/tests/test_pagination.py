"""WholePagePaginator: the same pages as Django's Paginator, but the last page asks a whole page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.core.models import Holiday
from zhifa.core.pagination import WholePagePaginator

FAR = datetime.date(2091, 1, 1)


def _holidays(n: int) -> Any:
    Holiday.objects.bulk_create(
        Holiday(date=FAR + datetime.timedelta(days=i), kind="holiday", name=f"h{i}") for i in range(n)
    )
    return Holiday.objects.filter(date__gte=FAR).order_by("date")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rows", "per_page", "orphans"), [(0, 5, 0), (3, 5, 0), (5, 5, 0), (12, 5, 0), (12, 5, 2), (11, 5, 1)]
)
def test_every_page_holds_the_rows_of_djangos_paginator(rows: int, per_page: int, orphans: int) -> None:
    qs = _holidays(rows)
    ours, theirs = WholePagePaginator(qs, per_page, orphans=orphans), Paginator(qs, per_page, orphans=orphans)
    assert ours.num_pages == theirs.num_pages
    for number in ours.page_range:
        ours_page, theirs_page = ours.page(number), theirs.page(number)
        assert [h.date for h in ours_page] == [h.date for h in theirs_page]
        assert (ours_page.start_index(), ours_page.end_index()) == (
            theirs_page.start_index(),
            theirs_page.end_index(),
        )
        assert ours_page.has_next() == theirs_page.has_next()


@pytest.mark.django_db
def test_a_short_last_page_asks_limit_per_page_not_the_count() -> None:
    qs = _holidays(3)
    paginator = WholePagePaginator(qs, 20)
    assert paginator.count == 3
    with CaptureQueriesContext(connection) as queries:
        rows = list(paginator.get_page(1))
    assert len(rows) == 3
    assert len(queries.captured_queries) == 1
    assert "LIMIT 20" in queries.captured_queries[0]["sql"]


@pytest.mark.django_db
def test_an_empty_list_reads_no_page() -> None:
    paginator = WholePagePaginator(_holidays(0), 20)
    assert paginator.count == 0
    with CaptureQueriesContext(connection) as queries:
        assert list(paginator.get_page(1)) == []
    assert queries.captured_queries == []
