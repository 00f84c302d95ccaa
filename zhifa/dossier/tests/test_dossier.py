"""Order (SAMR Art. 78), page counts and ranges, rendered sheets and the stamped bundle."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from zhifa.dossier.rendering import dossier_bundle_pdf, dossier_sheet
from zhifa.dossier.selectors import dossier_for_subject

from .conftest import blank_pdf, jpeg_bytes, upload, wav_bytes

pytestmark = pytest.mark.django_db


def codes(volume: Any) -> list[str]:
    return [item.code for item in volume.items]


def test_main_volume_follows_art78_order_with_each_receipt_after_its_document(world: Any) -> None:
    hearing = world.fake_issued("07.02")  # filed late, yet after the evidence
    world.add_evidence(title="现场照片", kind="audiovisual", files=[upload("a.jpg", jpeg_bytes())])
    notice = world.fake_issued("06.01", number="告1")
    decision = world.fake_issued("08.02", number="罚1")
    world.fake_issued("02.01", number="立1")
    world.serve(notice)
    world.serve(decision)

    main = dossier_for_subject(world.subject).main

    assert codes(main) == ["02.01", "08.02", "09.02", "06.01", "09.02", "evidence:audiovisual", "07.02"]
    assert [item.seq for item in main.items] == [1, 2, 3, 4, 5, 6, 7]
    assert "罚1" in main.items[2].title
    assert "告1" in main.items[4].title
    assert main.items[-1].object_id == hearing.pk


def test_sub_volume_follows_art78_order(world: Any) -> None:
    for code in ("12.01", "07.03", "05.03", "05.01", "01.01"):
        world.fake_issued(code)

    dossier = dossier_for_subject(world.subject)

    assert codes(dossier.sub) == ["01.01", "05.01", "05.03", "07.03", "12.01"]
    assert dossier.main.items == ()


def test_drafts_voided_and_clue_file_documents_stay_out_of_the_dossier(world: Any) -> None:
    from zhifa.documents.services import document_draft, document_void

    document_draft(
        actor=world.actor, subject=world.subject, organisation=world.organisation, type_code="08.02", data={}
    )
    voided = world.fake_issued("06.01")
    document_void(actor=world.actor, document=voided, reason="内容有误")
    world.fake_issued("02.02")  # 不予立案审批表 belongs to the clue file
    world.fake_issued("12.03")  # the 卷内目录 is generated, not filed

    assert dossier_for_subject(world.subject).items() == []


def test_pages_and_page_ranges_come_from_the_real_issued_pdfs_and_evidence_files(world: Any) -> None:
    filing = world.issue("02.01")
    decision = world.issue("08.02")
    world.add_evidence(title="检验报告", files=[upload("r.pdf", blank_pdf(3)), upload("p.jpg", jpeg_bytes())])
    world.add_evidence(
        title="执法记录仪录音",
        kind="audiovisual",
        details={"duration": "3分20秒"},
        files=[upload("a.wav", wav_bytes())],
    )
    world.add_evidence(title="纸质合同", page_count=4)

    main = dossier_for_subject(world.subject).main
    by_code = {item.code: item for item in main.items if item.kind == "document"}
    expected = {
        "02.01": len(PdfReader(default_storage.open(filing.pdf_file, "rb")).pages),
        "08.02": len(PdfReader(default_storage.open(decision.pdf_file, "rb")).pages),
    }

    assert {code: by_code[code].pages for code in expected} == expected
    assert expected["08.02"] == decision.page_count  # pypdf agrees with the renderer
    evidence = [item for item in main.items if item.kind == "evidence"]
    assert [e.pages for e in evidence] == [4, 0, 4]  # 3-page PDF + 1 photo; recording; paper
    assert evidence[0].photos == 1
    assert evidence[1].start_page is None
    assert evidence[1].page_range == "—"
    assert evidence[1].note == "光盘/附件：录音，时长3分20秒"
    page = 1
    for item in main.items:  # continuous Arabic numbering from 1 (RULES §7)
        if item.pages:
            assert (item.start_page, item.end_page) == (page, page + item.pages - 1)
            page += item.pages
    assert main.total_pages == page - 1 == expected["02.01"] + expected["08.02"] + 8


def test_page_counts_are_cached_per_file_digest(world: Any, django_assert_max_num_queries: Any) -> None:
    from zhifa.dossier.models import DossierPage

    doc = world.fake_issued("02.01", pages=2)
    dossier_for_subject(world.subject)
    assert DossierPage.objects.get(source="document", object_id=doc.pk).pages == 2
    default_storage.delete(doc.pdf_file)  # a cached count needs no file read
    assert dossier_for_subject(world.subject).main.items[0].pages == 2


def helvetica_text(page: Any) -> str:
    """Only the text drawn in Helvetica: the stamped dossier page numbers (documents embed Noto)."""
    parts: list[str] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if font and "Helvetica" in str(font.get("/BaseFont", "")):
            parts.append(text)

    page.extract_text(visitor_text=visit)
    return "".join(parts).strip()


def test_bundle_has_cover_contents_items_and_back_sheet_with_stamped_numbers(world: Any) -> None:
    world.issue("02.01")
    world.fake_issued("08.02", pages=2)
    world.add_evidence(title="照片", files=[upload("p.jpg", jpeg_bytes())])
    world.add_evidence(title="录音", kind="audiovisual", files=[upload("a.wav", wav_bytes())])
    world.add_evidence(title="小票", files=[upload("s.pdf", blank_pdf(1, size=(200, 200)))])
    dossier = dossier_for_subject(world.subject)
    total = dossier.main.total_pages
    sheets = [
        len(PdfReader(io.BytesIO(dossier_sheet(w, dossier, "main"))).pages)
        for w in ("cover", "contents", "back")
    ]

    reader = PdfReader(io.BytesIO(dossier_bundle_pdf(world.subject, "main")))

    assert len(reader.pages) == sum(sheets) + total
    first = sheets[0] + sheets[1]
    stamps = [helvetica_text(reader.pages[first + i]) for i in range(total)]
    assert stamps == [str(n) for n in range(1, total + 1)]
    unnumbered = [*reader.pages[:first], *reader.pages[first + total :]]
    assert all(helvetica_text(p) == "" for p in unnumbered)
    contents_text = "".join(p.extract_text() for p in reader.pages[sheets[0] : first]).replace("\n", "")
    assert "卷内目录" in contents_text
    assert "立案审批表" in contents_text
    back_text = reader.pages[-1].extract_text().replace("\n", "")
    assert f"共{len(dossier.main.items)}件，{total}页" in back_text
    assert "光盘/附件1件" in back_text


def test_contents_docx_lists_every_item_without_a_page_number_footer(world: Any) -> None:
    from docx import Document as open_docx

    world.fake_issued("02.01", pages=2, number="深市监立字〔2026〕1号")
    world.fake_issued("05.01", pages=1)
    dossier = dossier_for_subject(world.subject)

    main = open_docx(io.BytesIO(dossier_sheet("contents", dossier, "main", fmt="docx")))
    sub = open_docx(io.BytesIO(dossier_sheet("contents", dossier, "sub", fmt="docx")))

    cells = [c.text for t in main.tables for row in t.rows for c in row.cells]
    assert "深市监立字〔2026〕1号" in cells
    assert "1–2" in cells
    assert any("卷内目录（正卷）" in p.text for p in main.paragraphs)
    assert "案件调查终结报告" in [c.text for t in sub.tables for row in t.rows for c in row.cells]
    assert all(not p.text.strip() for s in main.sections for p in s.footer.paragraphs)
