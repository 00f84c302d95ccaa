from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _fresh_portal_caches() -> Iterator[None]:
    """Each test reads the database, not a page or option list kept by an earlier test."""
    from zhifa.portal.cache import clear_all
    from zhifa.portal.views.common import clear_pages

    clear_all()
    clear_pages()
    yield
    clear_all()
    clear_pages()
