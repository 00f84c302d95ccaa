"""Rendered dossier outputs: 卷宗封面, 卷内目录 and 备考表 per volume (.docx + PDF, from the documents
app's block layouts so they look like every other 文书), and the bundled volume PDF an archivist or
a file reviewer downloads: cover + contents + every item's PDF in order + back sheet, with the
dossier page number stamped bottom right on every item page (RULES §7: Arabic numerals, bottom
right; cover, contents and back sheet unnumbered)."""

from __future__ import annotations

import io
import threading
from html import escape
from typing import Any

from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from zhifa.documents.layouts.blocks import Fields, Layout, Para, SignLines, Table
from zhifa.documents.models import Document
from zhifa.documents.rendering import render_docx, resolve_document
from zhifa.documents.rendering.html import document_html
from zhifa.evidence.choices import MediaKind
from zhifa.evidence.models import Evidence

from .models import DossierArchive
from .selectors import Dossier, DossierItem, DossierVolume, dossier_archive_for, dossier_for_subject

A4 = (595.28, 841.89)  # points
# Unnumbered sheets (RULES §7) and the 卷内目录 column widths (序号 文号 责任者 题名 日期 页号 备注).
SHEET_STYLE = (
    "<style>@page { @bottom-right { content: none; } }"
    " table.list td, table.list th { font-size: 10.5pt; padding: 1mm; }"
    " table.list th:nth-child(1) { width: 7%; } table.list th:nth-child(2) { width: 19%; }"
    " table.list th:nth-child(3) { width: 13%; } table.list th:nth-child(4) { width: 31%; }"
    " table.list th:nth-child(5) { width: 13%; } table.list th:nth-child(6) { width: 8%; }"
    " table.list th:nth-child(7) { width: 9%; } table.list td:nth-child(4) { text-align: left; }"
    "</style></head>"
)
_local = threading.local()

# 保管期限 of an administrative penalty file (档案法; sector rules commonly set 长期/30年) [unconfirmed]
DEFAULT_RETENTION = "长期"


def _context(
    dossier: Dossier, volume: DossierVolume, archive: DossierArchive | None, org: str
) -> dict[str, Any]:
    photos = sum(i.photos for i in volume.items)
    return {
        "org": {"name": org},
        "number": archive.archive_number if archive else "",
        "dossier": {
            "title": dossier.title,
            "volume": volume.label,
            "item_count": len(volume.items),
            "pages": volume.total_pages,
            "text_pages": volume.total_pages - photos,
            "photo_pages": photos,
            "attachments": volume.attachments,
            "archived_on": (
                timezone.localdate(archive.archived_at).strftime("%Y年%m月%d日") if archive else ""
            ),
            "archived_by": (archive.archived_by.get_username() if archive and archive.archived_by else ""),
            "retention": DEFAULT_RETENTION,
        },
        "rows": [
            {
                "seq": i.seq,
                "number": i.number,
                "responsible": i.responsible,
                "title": i.title,
                "date": i.date.strftime("%Y-%m-%d") if i.date else "",
                "pages": i.page_range,
                "note": i.note,
            }
            for i in volume.items
        ],
    }


COVER = Layout(
    code="12.02",
    title="行政处罚案卷",
    form=True,
    blocks=(
        Fields(
            rows=(
                (("案件名称", "{{ dossier.title }}"),),
                (("卷别", "{{ dossier.volume }}"), ("档案号", "{{ number }}")),
                (("件数", "{{ dossier.item_count }}件"), ("页数", "{{ dossier.pages }}页")),
                (("立卷单位", "{{ org.name }}"), ("保管期限", "{{ dossier.retention }}")),
                (("归档日期", "{{ dossier.archived_on }}"), ("立卷人", "{{ dossier.archived_by }}")),
            )
        ),
    ),
)

CONTENTS = Layout(
    code="12.03",
    title="卷内目录",
    form=True,
    blocks=(
        Para("{{ dossier.title }}（{{ dossier.volume }}）", align="center", indent=False),
        Table(
            headers=("序号", "文号", "责任者", "题名", "日期", "页号", "备注"),
            items="rows",
            cells=(
                "{{ item.seq }}",
                "{{ item.number }}",
                "{{ item.responsible }}",
                "{{ item.title }}",
                "{{ item.date }}",
                "{{ item.pages }}",
                "{{ item.note }}",
            ),
            min_rows=5,
        ),
    ),
)

BACK_SHEET = Layout(
    code="12.04",
    title="卷内备考表",
    form=True,
    blocks=(
        Fields(
            rows=(
                (
                    (
                        "本卷情况说明",
                        "本卷（{{ dossier.volume }}）共{{ dossier.item_count }}件，{{ dossier.pages }}页。"
                        "其中：文字材料{{ dossier.text_pages }}页，图样0页，照片{{ dossier.photo_pages }}页，"
                        "光盘/附件{{ dossier.attachments }}件。",
                    ),
                ),
            ),
            tall=frozenset({"本卷情况说明"}),
        ),
        SignLines(("立卷人：", "检查人：")),
    ),
)


def _layout(layout: Layout, volume: DossierVolume) -> Layout:
    title = f"{layout.title}（{volume.label}）" if layout.code != "12.02" else layout.title
    return Layout(code=layout.code, title=title, blocks=layout.blocks, form=layout.form)


def _font_config() -> Any:
    config = getattr(_local, "fonts", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.fonts = FontConfiguration()
    return config


def _pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf(font_config=_font_config()))


def _sheet(
    layout: Layout, dossier: Dossier, volume: DossierVolume, archive: DossierArchive | None, org: str
) -> Any:
    return resolve_document(
        layout.code, _context(dossier, volume, archive, org), layout=_layout(layout, volume)
    )


def _sheet_pdf(resolved: Any) -> bytes:
    """Unnumbered: the stylesheet's page counter is switched off (RULES §7)."""
    return _pdf_from_html(document_html(resolved, embed_fonts=True).replace("</head>", SHEET_STYLE, 1))


def _sheet_docx(resolved: Any) -> bytes:
    from docx import Document as open_docx

    d = open_docx(io.BytesIO(render_docx(resolved)))
    for section in d.sections:
        for paragraph in section.footer.paragraphs:
            paragraph._p.getparent().remove(paragraph._p)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _org_name(dossier: Dossier, archive: DossierArchive | None) -> str:
    if archive is not None:
        return archive.organisation.name
    ids = [i.object_id for i in dossier.items() if i.kind == "document"]
    doc = Document.objects.filter(pk__in=ids).select_related("organisation").first()
    if doc is not None:
        return doc.organisation.name
    evidence_ids = [i.object_id for i in dossier.items() if i.kind == "evidence"]
    ev = Evidence.objects.filter(pk__in=evidence_ids).select_related("organisation")
    first = ev.first()
    return first.organisation.name if first else ""


def dossier_sheet(
    which: str, dossier: Dossier, volume_code: str, *, archive: DossierArchive | None = None, fmt: str = "pdf"
) -> bytes:
    """One of "cover" (卷宗封面), "contents" (卷内目录), "back" (备考表) of a volume, as PDF or docx."""
    layout = {"cover": COVER, "contents": CONTENTS, "back": BACK_SHEET}[which]
    volume = dossier.volume(volume_code)
    resolved = _sheet(layout, dossier, volume, archive, _org_name(dossier, archive))
    return _sheet_docx(resolved) if fmt == "docx" else _sheet_pdf(resolved)


# --- the bundled volume --------------------------------------------------------------------------


def _stamp(page: Any, number: int) -> None:
    """Draw the dossier page number bottom right (Helvetica: digits need no embedded font), inside
    the page's own box whatever its size, below the document's own footer."""
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    box = page.mediabox
    width, height = float(box.width), float(box.height)
    overlay = PageObject.create_blank_page(width=width, height=height)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    overlay[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/FDossier"): font})}
    )
    text = str(number)
    size = 11
    x = width - 28 - 0.56 * size * len(text)
    stream = DecodedStreamObject()
    stream.set_data(f"q BT /FDossier {size} Tf 0 0 0 rg {x:.2f} 14 Td ({text}) Tj ET Q".encode("ascii"))
    overlay[NameObject("/Contents")] = stream
    if float(box.left) or float(box.bottom):
        from pypdf import Transformation

        page.merge_transformed_page(overlay, Transformation().translate(float(box.left), float(box.bottom)))
    else:
        page.merge_page(overlay)


def _image_pdf(name: str) -> bytes:
    """A photo on an A4 page (150 dpi, 15 mm margins), for the bundle."""
    from PIL import Image, ImageOps

    dpi = 150
    size = (round(A4[0] / 72 * dpi), round(A4[1] / 72 * dpi))
    margin = round(15 / 25.4 * dpi)
    with default_storage.open(name, "rb") as fh:
        image = ImageOps.exif_transpose(Image.open(fh)).convert("RGB")
    image.thumbnail((size[0] - 2 * margin, size[1] - 2 * margin))
    canvas = Image.new("RGB", size, "white")
    canvas.paste(image, ((size[0] - image.width) // 2, margin))
    out = io.BytesIO()
    canvas.save(out, "PDF", resolution=dpi)
    return out.getvalue()


def _placeholder_pdf(item: DossierItem) -> bytes:
    html = (
        f"<html><head><style>@page {{ size: A4; margin: 30mm; }}</style></head><body>"
        f'<p style="font-family: ZhifaSerif; font-size: 14pt">{escape(item.title)}</p>'
        f'<p style="font-family: ZhifaSerif">纸质材料，见原件（{item.pages}页）</p></body></html>'
    )
    from zhifa.documents.rendering.html import font_faces

    html = html.replace("<style>", "<style>" + font_faces(), 1)
    from weasyprint import HTML

    doc = HTML(string=html).render(font_config=_font_config())
    pages = [doc.pages[0]] * item.pages
    return bytes(doc.copy(pages).write_pdf())


def _item_pdfs(item: DossierItem) -> list[bytes]:
    if item.pages == 0:
        return []
    if item.kind == "document":
        doc = Document.objects.get(pk=item.object_id)
        with default_storage.open(doc.pdf_file, "rb") as fh:
            return [fh.read()]
    evidence = Evidence.objects.get(pk=item.object_id)
    out: list[bytes] = []
    for f in evidence.files.order_by("id"):
        if f.media_kind == MediaKind.PDF:
            with default_storage.open(str(f.file.name), "rb") as fh:
                out.append(fh.read())
        elif f.media_kind == MediaKind.PHOTO:
            out.append(_image_pdf(str(f.file.name)))
    return out or [_placeholder_pdf(item)]


def dossier_bundle_pdf(subject: models.Model, volume: str) -> bytes:
    """Cover + 卷内目录 + every item's PDF in order (pages stamped 1..n bottom right) + 备考表."""
    from pypdf import PdfReader, PdfWriter

    dossier = dossier_for_subject(subject)
    archive = dossier_archive_for(subject)
    writer = PdfWriter()

    def append(data: bytes, *, stamp_from: int | None = None) -> int:
        reader = PdfReader(io.BytesIO(data))
        for i, page in enumerate(reader.pages):
            added = writer.add_page(page)
            if stamp_from is not None:
                _stamp(added, stamp_from + i)
        return len(reader.pages)

    append(dossier_sheet("cover", dossier, volume, archive=archive))
    append(dossier_sheet("contents", dossier, volume, archive=archive))
    for item in dossier.volume(volume).items:
        if item.start_page is None:
            continue
        number = item.start_page
        for data in _item_pdfs(item):
            number += append(data, stamp_from=number)
    append(dossier_sheet("back", dossier, volume, archive=archive))
    writer.add_metadata({"/Title": f"{dossier.title} {dossier.volume(volume).label}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
