"""Block types of a document layout. Text fields are Jinja2 templates (sandboxed) over the context
contract (zhifa.documents.context); `items` fields are Jinja2 expressions yielding a list."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Para:
    text: str
    align: str = "justify"  # justify | left | center | right
    indent: bool = True  # 首行缩进两字
    bold: bool = False
    small: bool = False
    skip_blank: bool = False  # drop the paragraph when it renders empty


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Fields:
    """A bordered form table: each row is a tuple of (label, value template) pairs."""

    rows: tuple[tuple[tuple[str, str], ...], ...]
    tall: frozenset[str] = frozenset()  # labels whose value cell gets room for writing


@dataclass(frozen=True)
class Table:
    """A list table: one row per element of `items` (exposed as `item`, index as `no`)."""

    headers: tuple[str, ...]
    items: str
    cells: tuple[str, ...]
    min_rows: int = 3


@dataclass(frozen=True)
class Repeat:
    """Paragraphs per element of `items` (e.g. 问/答)."""

    items: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class SignLines:
    """Signature lines for the party, witnesses and officers (笔录 are signed by hand)."""

    labels: tuple[str, ...]


@dataclass(frozen=True)
class Signature:
    """Issuing organisation, date and the 印章 placeholder, right-aligned."""

    date: str = "{{ today }}"
    seal: bool = True


Block = Para | Heading | Fields | Table | Repeat | SignLines | Signature


@dataclass(frozen=True)
class Layout:
    code: str
    title: str  # printed document title
    blocks: tuple[Block, ...]
    form: bool = False  # 审批表/笔录 style: fields table layout, smaller title spacing
    extra: dict[str, str] = field(default_factory=dict)
