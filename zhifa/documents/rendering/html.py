"""Resolved document → HTML (the PDF source and the browser preview)."""

from __future__ import annotations

import functools
from html import escape
from pathlib import Path

from .resolve import ResolvedDocument, RFields, RHeading, RPara, RSignature, RSignLines, RTable

SIGN_BLANK = "＿＿＿＿＿＿＿＿＿＿　　年　　月　　日"


@functools.lru_cache(maxsize=1)
def _css() -> str:
    return (Path(__file__).with_name("document.css")).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def font_faces() -> str:
    """@font-face rules with absolute file:// URLs of the .otf files shipped by pylopdf-fonts-zh-cn
    (WeasyPrint embeds the subsets it uses; no system font is needed)."""
    import pylopdf_fonts_zh_cn as fonts

    return (
        f'@font-face {{ font-family: "ZhifaSerif"; src: url("{fonts.serif_path().as_uri()}"); }}\n'
        f'@font-face {{ font-family: "ZhifaSans"; src: url("{fonts.sans_path().as_uri()}"); }}\n'
    )


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


def _fields(block: RFields) -> str:
    out = [
        '<table class="fields"><colgroup><col style="width:18%"><col style="width:32%">'
        '<col style="width:18%"><col style="width:32%"></colgroup>'
    ]
    for row in block.rows:
        out.append("<tr>")
        for label, value in row:
            span = ' colspan="3"' if len(row) == 1 else ""
            tall = " tall" if label in block.tall else ""
            out.append(
                f'<td class="label">{escape(label)}</td><td class="value{tall}"{span}>{_lines(value)}</td>'
            )
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def _table(block: RTable) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in block.headers)
    body = "".join("<tr>" + "".join(f"<td>{_lines(c)}</td>" for c in row) + "</tr>" for row in block.rows)
    return f'<table class="list"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def document_html(doc: ResolvedDocument, *, embed_fonts: bool = True) -> str:
    parts: list[str] = []
    for b in doc.blocks:
        if isinstance(b, RPara):
            classes = [b.align] + (["indent"] if b.indent else []) + (["bold"] if b.bold else [])
            classes += ["small"] if b.small else []
            parts.append(f'<p class="{" ".join(classes)}">{_lines(b.text)}</p>')
        elif isinstance(b, RHeading):
            parts.append(f"<h2>{escape(b.text)}</h2>")
        elif isinstance(b, RFields):
            parts.append(_fields(b))
        elif isinstance(b, RTable):
            parts.append(_table(b))
        elif isinstance(b, RSignLines):
            lines = "".join(f'<p class="left">{escape(label)}{SIGN_BLANK}</p>' for label in b.labels)
            parts.append(f'<div class="sign-lines">{lines}</div>')
        elif isinstance(b, RSignature):
            seal = '<div class="seal">（印章）</div>' if b.seal else ""
            parts.append(
                f'<div class="signature">{seal}<p class="center">{escape(b.org)}</p>'
                f'<p class="center">{escape(b.date)}</p></div>'
            )
    if doc.footer:
        parts.append(f'<p class="footer-note">{escape(doc.footer).replace(chr(10), "<br>")}</p>')
    t = doc.title
    head = (
        f'<header class="doc-head"><div class="org">{escape(t.org)}</div><h1>{escape(t.title)}</h1>'
        f'<div class="number">{escape(t.number)}</div></header>'
    )
    style = (font_faces() if embed_fonts else "") + _css()
    body_class = "form" if doc.form else "notice"
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(doc.meta.get('title', ''))}</title>"
        f'<meta name="author" content="{escape(doc.meta.get("author", ""))}">'
        f"<style>{style}</style></head>"
        f'<body class="{body_class}"><article class="doc {body_class}">{head}{"".join(parts)}</article>'
        "</body></html>"
    )
