"""The privacy scan of the public site (issue #5 acceptance: no unmasked natural-person name or identity
number on any public page). Reusable by every public app's tests:

    from zhifa.portal.tests.scan import crawl, leaks
    pages = crawl(Client(), ["/gs/", "/gs/complaints/track/ABC123/"], persons)
    assert not leaks(pages, persons)

`crawl` follows every same-site link under /gs/ from the start URLs (GET only, no cookies kept) and
returns {url: html}; `leaks` lists each page that contains a person's full name, a person's identity
number, or any valid 18-character resident ID number at all — outside the form fields that echo the
visitor's own query. Start URLs are the nav, search result
pages and detail pages; `PUBLIC_START_URLS` is the list other helpers extend for pages no link
reaches (e.g. a tracking page behind a form)."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from html import unescape
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

from zhifa.core.identifiers import resident_id_is_valid

PUBLIC_ROOT = "/gs/"
PUBLIC_START_URLS: list[str] = ["/gs/"]
MAX_PAGES = 400
_HREF = re.compile(r'href="([^"#]+)"')
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
_INPUT = re.compile(r"<input\b[^>]*>")
_VALUE = re.compile(r'\svalue="[^"]*"')


def shown_text(html: str) -> str:
    """The page without what the visitor typed: a form field echoing the query back discloses
    nothing (the visitor already knows it); everything else — results, details — is scanned."""
    return unescape(_INPUT.sub(lambda m: _VALUE.sub("", m.group(0)), html))


class HasNameAndId(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def id_number(self) -> str: ...


def crawl(client: Any, start: Iterable[str], *, limit: int = MAX_PAGES) -> dict[str, str]:
    """Every page reachable from `start` by links under /gs/ (200 responses only), by URL."""
    seen: set[str] = set()
    pages: dict[str, str] = {}
    queue = deque(start)
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        for href in _HREF.findall(html):
            target = urljoin(url, unescape(href))
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith(PUBLIC_ROOT):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def leaks(pages: dict[str, str], persons: Iterable[HasNameAndId]) -> list[tuple[str, str]]:
    """(url, what leaked) for every page showing a full name, an identity number, or any valid
    resident ID number."""
    found: list[tuple[str, str]] = []
    people = list(persons)
    for url, html in pages.items():
        text = shown_text(html)
        for person in people:
            if person.name in text:
                found.append((url, f"姓名 {person.name}"))
            if person.id_number in text or person.id_number.lower() in text:
                found.append((url, f"身份证号 {person.id_number}"))
        found.extend((url, f"身份证号 {m}") for m in _ID_LIKE.findall(text) if resident_id_is_valid(m))
    return found
