"""Resolved document → editable Word .docx (python-docx). Fonts are named 宋体 (body) and 黑体
(titles) for Word; a fontconfig alias maps them to Noto CJK when LibreOffice converts (ARCHITECTURE §2)."""

from __future__ import annotations

import io
from typing import Any

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .html import SIGN_BLANK
from .resolve import ResolvedDocument, RFields, RHeading, RPara, RSignature, RSignLines, RTable

SERIF = "宋体"
SANS = "黑体"
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _font(run: Any, *, family: str = SERIF, size: float = 14, bold: bool = False) -> None:
    run.font.name = family
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), family)


def _para(
    container: Any,
    text: str,
    *,
    align: str = "justify",
    indent: bool = False,
    size: float = 14,
    family: str = SERIF,
    bold: bool = False,
    space_after: float = 2,
) -> Any:
    p = container.add_paragraph()
    p.alignment = ALIGN[align]
    fmt = p.paragraph_format
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(0)
    fmt.line_spacing = 1.5
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = p.add_run(line)
        _font(run, family=family, size=size, bold=bold)
        if i < len(lines) - 1:
            run.add_break()
    return p


def _cell(cell: Any, text: str, *, size: float, family: str = SERIF, align: str = "left") -> None:
    cell.paragraphs[0].text = ""
    first = cell.paragraphs[0]
    first.alignment = ALIGN[align]
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = first.add_run(line)
        _font(run, family=family, size=size)
        if i < len(lines) - 1:
            run.add_break()


def _page_number_footer(section: Any) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run("— ")
    _font(run, size=10.5)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    field.append(inner)
    p._p.append(field)
    tail = p.add_run(" —")
    _font(tail, size=10.5)


def document_docx(doc: ResolvedDocument) -> bytes:
    d = new_docx()
    section = d.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(30), Mm(28)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number_footer(section)
    d.core_properties.title = doc.meta.get("title", "")
    d.core_properties.author = doc.meta.get("author", "")
    body = 12 if doc.form else 14

    t = doc.title
    _para(d, t.org, align="center", size=16 if doc.form else 20, family=SANS, space_after=0)
    _para(d, t.title, align="center", size=20 if doc.form else 22, family=SANS, space_after=4)
    _para(d, t.number, align="right", size=14, space_after=8)

    for b in doc.blocks:
        if isinstance(b, RPara):
            _para(d, b.text, align=b.align, indent=b.indent, size=10.5 if b.small else body, bold=b.bold)
        elif isinstance(b, RHeading):
            _para(d, b.text, align="left", size=14, family=SANS, space_after=2)
        elif isinstance(b, RFields):
            table = d.add_table(rows=len(b.rows), cols=4)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, row in enumerate(b.rows):
                cells = table.rows[r].cells
                if len(row) == 1:
                    label, value = row[0]
                    merged = cells[1].merge(cells[3])
                    _cell(cells[0], label, size=body, family=SANS, align="center")
                    _cell(merged, value, size=body)
                    if label in b.tall:
                        table.rows[r].height = Mm(30)
                else:
                    for i, (label, value) in enumerate(row[:2]):
                        _cell(cells[2 * i], label, size=body, family=SANS, align="center")
                        _cell(cells[2 * i + 1], value, size=body)
            for row_obj in table.rows:
                for i, width in enumerate((Mm(28), Mm(50), Mm(28), Mm(50))):
                    row_obj.cells[i].width = width
        elif isinstance(b, RTable):
            table = d.add_table(rows=1 + len(b.rows), cols=len(b.headers))
            table.style = "Table Grid"
            for i, h in enumerate(b.headers):
                _cell(table.rows[0].cells[i], h, size=10.5, family=SANS, align="center")
            for r, cells_text in enumerate(b.rows, start=1):
                for i, cell_text in enumerate(cells_text):
                    _cell(table.rows[r].cells[i], cell_text, size=10.5, align="center")
        elif isinstance(b, RSignLines):
            for label in b.labels:
                _para(d, label + SIGN_BLANK, align="left", size=body, space_after=10)
        elif isinstance(b, RSignature):
            if b.seal:
                seal = _para(d, "（印章）", align="right", size=11)
                for run in seal.runs:
                    run.font.color.rgb = RGBColor(0xC0, 0, 0)
            _para(d, b.org, align="right", size=body, space_after=0)
            _para(d, b.date, align="right", size=body)
    if doc.footer:
        _para(d, doc.footer, align="left", size=9)
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()
