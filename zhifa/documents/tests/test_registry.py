"""The registry mirrors the catalogue of domain/RECORDS.md §2 row by row, plus 03.12 证据清单."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from zhifa.core.errors import NotFound
from zhifa.documents.registry import CATALOGUE, document_type, document_types, dossier_position

ROW = re.compile(r"^\| (\d\d\.\d\d) \| (.+?) \| (.+?) \| (.+?) \| (.+?) \| (.+?) \|$")
APPROVAL = {"Yes": "yes", "Form": "form", "—": "none"}
SERVED = {"Yes": "yes", "Signed": "signed", "Other": "other", "Public": "public", "—": "none"}
VOLUME = {"正": "main", "副": "sub", "both": "both", "clue": "none"}


def catalogue_rows() -> dict[str, tuple[str, ...]]:
    text = (settings.SHARED_DIR / "domain" / "RECORDS.md").read_text(encoding="utf-8")
    return {m.group(1): m.groups()[1:] for line in text.splitlines() if (m := ROW.match(line.strip()))}


def test_registry_holds_every_document_of_the_records_catalogue() -> None:
    rows = catalogue_rows()
    assert len(rows) >= 60  # 01.01 … 12.04
    assert set(rows) <= set(CATALOGUE)
    assert set(CATALOGUE) - set(rows) == {"03.12"}


def test_registry_flags_match_the_catalogue_columns() -> None:
    for code, (_name, procs, approval, served, dossier) in catalogue_rows().items():
        spec = CATALOGUE[code]
        expected_procs = set("SGCTI") if procs.strip() == "all" else {p.strip() for p in procs.split(",")}
        assert spec.procedures == expected_procs, code
        assert spec.approval == APPROVAL[approval.split()[0]], code
        assert spec.served == SERVED[served.split()[0]], code
        assert spec.volume == VOLUME[dossier.split()[0]], code


def test_unknown_document_type_is_not_found() -> None:
    with pytest.raises(NotFound):
        document_type("99.99")


def test_document_types_filter_by_procedure_and_stage() -> None:
    summary = {s.code for s in document_types(procedure="S")}
    assert "08.05" in summary
    assert "08.02" not in summary
    assert {s.code for s in document_types(stage="hearing")} == {"07.01", "07.02", "07.03"}
    assert document_type("08.02").number_kind == "罚"
    assert document_type("08.03").number_kind == "不罚"


def test_dossier_order_follows_samr_article_78() -> None:
    def key(code: str) -> int:
        return dossier_position(code)[1]

    main = sorted(["07.02", "03.03", "06.01", "08.02", "02.01", "10.11"], key=key)
    assert main == ["02.01", "08.02", "06.01", "03.03", "07.02", "10.11"]
    sub = sorted(["12.01", "07.03", "05.03", "05.01", "01.01"], key=key)
    assert sub == ["01.01", "05.01", "05.03", "07.03", "12.01"]
    assert dossier_position("05.01")[0] == "sub"
    receipt = dossier_position("09.02", served_code="08.02")
    assert dossier_position("08.02")[1] < receipt[1] < dossier_position("06.01")[1]
    assert dossier_position("12.02") == ("both", 0)
