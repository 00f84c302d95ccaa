"""Citations of provisions in running text, e.g.
《中华人民共和国大气污染防治法》（2018年修订）第九十九条第一款第（一）项.

Only citations that name their law in 《》 are taken: "违反本法第十四条" inside a quoted provision
refers to the surrounding law and is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import CHINESE_NUMERAL_CHARS, parse_chinese_number

__all__ = ["Citation", "find_citations", "law_name_candidates"]

N = rf"[0-9{CHINESE_NUMERAL_CHARS}]+"
CITATION = re.compile(
    rf"(?:《|^)(?P<law>[^《》\n]{{2,80}})》\s*(?:[（(](?:(?P<year>[0-9]{{4}})年)?[^）)]{{0,20}}[）)])?\s*"
    rf"第(?P<article>{N})条(?:之(?P<sub>{N}))?"
    rf"(?:第(?P<paragraph>{N})款)?"
    rf"(?:第?[（(](?P<item>{N})[）)]项)?"
)


@dataclass(frozen=True)
class Citation:
    law: str
    article: int
    year: int | None = None  # （2018年修订）: the text version cited
    sub_number: int = 0
    paragraph: int | None = None
    item: int | None = None
    text: str = ""


def find_citations(text: str) -> list[Citation]:
    found: list[Citation] = []
    for match in CITATION.finditer((text or "").strip()):
        try:
            citation = Citation(
                law=match.group("law").strip(),
                year=int(match.group("year")) if match.group("year") else None,
                article=int(parse_chinese_number(match.group("article"))),
                sub_number=int(parse_chinese_number(match.group("sub"))) if match.group("sub") else 0,
                paragraph=int(parse_chinese_number(match.group("paragraph")))
                if match.group("paragraph")
                else None,
                item=int(parse_chinese_number(match.group("item"))) if match.group("item") else None,
                text=match.group(0),
            )
        except ValueError:
            continue
        if citation not in found:
            found.append(citation)
    return found


def law_name_candidates(title: str) -> list[str]:
    """Names under which a law may be stored: as cited, and without 中华人民共和国."""
    title = title.strip()
    names = [title]
    short = title.removeprefix("中华人民共和国")
    if short != title:
        names.append(short)
    # A stray numeral typed after the title (《…防治法五》 in the Jiangmen table).
    for name in list(names):
        trimmed = name.rstrip(CHINESE_NUMERAL_CHARS)
        if trimmed != name and len(trimmed) >= 2:
            names.append(trimmed)
    return names
