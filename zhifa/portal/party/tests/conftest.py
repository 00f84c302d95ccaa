"""Cases at 罗湖监管局 (the cases app's personas) brought to the stages the party portal serves:
notified (with or without the right to a hearing) and served with a fine. The access code is read
back from the served PDF, where the party reads it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from zhifa.cases.models import Case
from zhifa.cases.tests.conftest import CaseWorld, case_world  # noqa: F401 (fixture)
from zhifa.cases.tests.test_case_engine import to_notified
from zhifa.documents.models import Document
from zhifa.portal.party.payments import LocalFakePaymentAdapter

D = date
APRIL_1 = D(2026, 4, 1)
CODE_LINE = re.compile(r"当事人查询码：([0-9A-Z]{4}-[0-9A-Z]{4})")


@pytest.fixture(autouse=True)
def fake_payments() -> Iterator[None]:
    LocalFakePaymentAdapter.reset()
    yield
    LocalFakePaymentAdapter.reset()


def pdf_text(document: Document) -> str:
    with default_storage.open(document.pdf_file, "rb") as fh:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(fh.read())).pages)
    return re.sub(r"\s", "", text)


def printed_code(document: Document) -> str:
    """The access code as printed on a served document."""
    found = CODE_LINE.search(pdf_text(document))
    assert found, "no 当事人查询码 on the document"
    return found.group(1)


def notice_of(case: Case) -> Document:
    return Document.objects.get(
        subject_type="cases.case", subject_id=case.pk, type_code__in=("06.01", "06.02")
    )


def notified(w: CaseWorld, *, served_on: date = APRIL_1, hearing: bool = False, **kw: Any) -> Case:
    """告知 served on `served_on`; a 150,000 元 fine to a company gives the right to a hearing
    (Guangdong: ≥100,000 元, 处罚法第六十三条), 8,000 元 does not."""
    return to_notified(w, w.register(**kw), fine="150000" if hearing else "8000", served_on=served_on)


def served(w: CaseWorld, **kw: Any) -> Case:
    """6,000 元 fine decided 04-10, served Mon 2026-04-13: pay by Tue 04-28 (15 days, 第67条)."""
    case = notified(w, **kw)
    case = w.act(w.user_a, case, "submit_decision", D(2026, 4, 10), decided_fine="6000")
    case = w.approve_all(case, D(2026, 4, 10), w.leader, w.head)
    return w.act(w.user_a, case, "serve_decision", D(2026, 4, 13), served_on="2026-04-13")
