"""Chinese text helpers shared by every app's full-text search (法律法规库, 案件, 线索 …).

``tokenize_zh`` turns text into search tokens with rjieba's search mode (words plus their
dictionary sub-words, e.g. 行政处罚法 → 行政, 处罚, 处罚法, 行政处罚法). Tokens are NFKC-folded,
lower-cased and split on every character that is not a letter or digit, so a token is a run of
letters/digits only: it survives SQLite FTS5's ``ascii`` tokenizer and PostgreSQL's
``array_to_tsvector`` unchanged, which is what makes both databases return the same hits.
The query goes through the same function; a match is the AND of its tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import rjieba

# Everything that is not a letter or digit in any script splits a token (``_`` included).
_SPLIT = re.compile(r"[\W_]+")


def normalise_zh(text: str) -> str:
    """NFKC (full-width → half-width digits/letters) and lower-case; keeps CJK unchanged."""
    return unicodedata.normalize("NFKC", text).lower()


def _clean(tokens: Iterable[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        out.extend(part for part in _SPLIT.split(token) if part)
    return out


def tokenize_zh(text: str) -> list[str]:
    """Search tokens of ``text`` in order, duplicates kept (their count is the term frequency).

    Dictionary-only segmentation (no HMM) keeps the cut of a phrase stable whatever surrounds it.
    """
    if not text:
        return []
    return _clean(rjieba.cut_for_search(normalise_zh(text), False))


def query_tokens_zh(query: str) -> list[str]:
    """Distinct tokens of a search query, in first-seen order (the match is their AND)."""
    return list(dict.fromkeys(tokenize_zh(query)))


def search_text_zh(text: str) -> str:
    """The space-joined tokens stored in a ``search_text`` column."""
    return " ".join(tokenize_zh(text))


def _normalised_with_map(text: str) -> tuple[str, list[int] | None]:
    """``normalise_zh(text)`` plus, for each of its characters, the index of the source character
    (``None`` when folding kept every character in place, the usual case)."""
    folded = normalise_zh(text)
    if len(folded) == len(text):
        return folded, None
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        piece = normalise_zh(ch)
        chars.append(piece)
        origin.extend([index] * len(piece))
    return "".join(chars), origin


def match_spans_zh(text: str, tokens: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of ``text`` where any token occurs (longest token first)."""
    folded, origin = _normalised_with_map(text)
    taken = bytearray(len(folded))
    spans: list[tuple[int, int]] = []
    for token in sorted({t for t in tokens if t}, key=len, reverse=True):
        start = folded.find(token)
        while start != -1:
            end = start + len(token)
            if not any(taken[start:end]):
                taken[start:end] = b"\x01" * len(token)
                spans.append((start, end) if origin is None else (origin[start], origin[end - 1] + 1))
            start = folded.find(token, end)
    return sorted(spans)


def _highlight_spans(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    from django.utils.html import escape

    out: list[str] = []
    cursor = start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    return "".join(out)


def highlight_zh(text: str, tokens: Iterable[str], *, start: int = 0, end: int | None = None) -> str:
    """HTML-escaped ``text[start:end]`` with each token occurrence wrapped in ``<mark>``."""
    from django.utils.safestring import mark_safe

    end = len(text) if end is None else end
    return mark_safe(_highlight_spans(text, match_spans_zh(text, tokens), start, end))  # noqa: S308 - escaped


def snippet_zh(text: str, tokens: Iterable[str], *, width: int = 90) -> str:
    """A highlighted window of about ``width`` characters around the first match (HTML-safe)."""
    from django.utils.safestring import mark_safe

    spans = match_spans_zh(text, tokens)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 4)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    body = _highlight_spans(text, spans, start, end)
    return mark_safe(("…" if start > 0 else "") + body + ("…" if end < len(text) else ""))  # noqa: S308
