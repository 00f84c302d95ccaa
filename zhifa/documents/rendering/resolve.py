"""Bind a layout to a context: every Jinja2 text becomes plain text (sandboxed; missing → blank)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from jinja2 import ChainableUndefined, TemplateError, Undefined
from jinja2.sandbox import SandboxedEnvironment

from zhifa.core.errors import ApplicationError

from ..layouts import layout_for
from ..layouts.blocks import Fields, Heading, Layout, Para, Repeat, Signature, SignLines, Table
from ..registry import document_type


class DocumentRenderFailed(ApplicationError):
    code = "document_render_failed"
    message = "文书生成失败"
    http_status = 500


def _finalize(value: Any) -> Any:
    if value is None or isinstance(value, Undefined):
        return ""
    return value


def _officer_list(officers: Any) -> str:
    if not isinstance(officers, list | tuple):
        return ""
    parts = []
    for o in officers:
        if not isinstance(o, dict) or not o.get("name"):
            continue
        cert = o.get("certificate_no") or ""
        parts.append(f"{o['name']}（执法证号：{cert}）" if cert else str(o["name"]))
    return "、".join(parts)


_ENV = SandboxedEnvironment(undefined=ChainableUndefined, autoescape=False, finalize=_finalize)
_ENV.filters["officer_list"] = _officer_list


@functools.lru_cache(maxsize=1024)
def _template(text: str) -> Any:
    return _ENV.from_string(text)


@functools.lru_cache(maxsize=256)
def _expression(expr: str) -> Any:
    return _ENV.compile_expression(expr, undefined_to_none=True)


def _text(text: str, ctx: dict[str, Any]) -> str:
    return str(_template(text).render(ctx)).strip()


def _items(expr: str, ctx: dict[str, Any]) -> list[Any]:
    value = _expression(expr)(**ctx)
    return list(value) if isinstance(value, list | tuple) else []


@dataclass(frozen=True)
class RTitle:
    org: str
    title: str
    number: str


@dataclass(frozen=True)
class RPara:
    text: str
    align: str = "justify"
    indent: bool = True
    bold: bool = False
    small: bool = False


@dataclass(frozen=True)
class RHeading:
    text: str


@dataclass(frozen=True)
class RFields:
    rows: tuple[tuple[tuple[str, str], ...], ...]
    tall: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RTable:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class RSignLines:
    labels: tuple[str, ...]


@dataclass(frozen=True)
class RSignature:
    org: str
    date: str
    seal: bool


RBlock = RPara | RHeading | RFields | RTable | RSignLines | RSignature


@dataclass(frozen=True)
class ResolvedDocument:
    code: str
    title: RTitle
    blocks: tuple[RBlock, ...]
    form: bool
    footer: str = ""
    meta: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        """All visible text, one piece per line (tests compare it with the .docx and the PDF)."""
        out = [self.title.org, self.title.title, self.title.number]
        for b in self.blocks:
            if isinstance(b, RPara | RHeading):
                out.append(b.text)
            elif isinstance(b, RFields):
                out.extend(f"{label} {value}" for row in b.rows for label, value in row)
            elif isinstance(b, RTable):
                out.append(" ".join(b.headers))
                out.extend(" ".join(r) for r in b.rows)
            elif isinstance(b, RSignLines):
                out.extend(b.labels)
            else:
                out.extend([b.org, b.date])
        out.append(self.footer)
        return "\n".join(x for x in out if x)


def _today() -> str:
    d = timezone.localdate()
    return f"{d.year}年{d.month}月{d.day}日"


def _resolve_block(block: Any, ctx: dict[str, Any], org: str) -> list[RBlock]:
    if isinstance(block, Para):
        text = _text(block.text, ctx)
        if block.skip_blank and not text:
            return []
        return [RPara(text, block.align, block.indent, block.bold, block.small)]
    if isinstance(block, Heading):
        return [RHeading(_text(block.text, ctx))]
    if isinstance(block, Fields):
        rows = tuple(tuple((label, _text(value, ctx)) for label, value in row) for row in block.rows)
        return [RFields(rows, block.tall)]
    if isinstance(block, Table):
        table_rows = []
        for i, item in enumerate(_items(block.items, ctx), start=1):
            local = {**ctx, "item": item, "no": i}
            table_rows.append(tuple(_text(cell, local) for cell in block.cells))
        while len(table_rows) < block.min_rows:
            table_rows.append(tuple("" for _ in block.headers))
        return [RTable(block.headers, tuple(table_rows))]
    if isinstance(block, Repeat):
        out: list[RBlock] = []
        for i, item in enumerate(_items(block.items, ctx), start=1):
            local = {**ctx, "item": item, "no": i}
            out.extend(RPara(_text(t, local)) for t in block.texts)
        return out
    if isinstance(block, SignLines):
        return [RSignLines(block.labels)]
    if isinstance(block, Signature):
        return [RSignature(org, _text(block.date, ctx), block.seal)]
    raise TypeError(type(block))


def resolve_document(
    code: str, context: dict[str, Any], *, layout: Layout | None = None, notes: tuple[str, ...] = ()
) -> ResolvedDocument:
    """`notes`: footer lines printed but not part of the context (zhifa.documents.hooks)."""
    spec = document_type(code)
    layout = layout or layout_for(code)
    ctx: dict[str, Any] = dict(context)
    ctx.setdefault("today", _today())
    org = ctx.get("org") if isinstance(ctx.get("org"), dict) else {}
    org_name = str((org or {}).get("name") or "")
    try:
        blocks: list[RBlock] = []
        for block in layout.blocks:
            blocks.extend(_resolve_block(block, ctx, org_name))
    except TemplateError as exc:  # a broken layout or hostile data: nothing is issued
        raise DocumentRenderFailed(f"文书生成失败：{spec.name}模板错误（{exc}）") from exc
    token = str(ctx.get("verify_token") or "")
    signed = f"本文书已加盖电子签名，核验码：{token}" if token else ""
    footer = "\n".join(line for line in (signed, *notes) if line)
    return ResolvedDocument(
        code=code,
        title=RTitle(org_name, layout.title, str(ctx.get("number") or "")),
        blocks=tuple(blocks),
        form=layout.form,
        footer=footer,
        meta={"title": layout.title, "author": org_name},
    )
