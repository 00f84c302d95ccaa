"""Exact lookup by code (`party_find_by_code`): each code column, scope, active before merged, and
the lookup's plan under production-like SQLite statistics (the mostly empty 注册号/组织机构代码
columns once turned it into a full scan)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from zhifa.core.audit import Actor
from zhifa.core.identifiers import org_code_check_char
from zhifa.parties.models import Party
from zhifa.parties.selectors import code_match, party_find_by_code
from zhifa.parties.services import party_merge

from .factories import make_party, make_resident_id, make_uscc, person_data

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["city_justice_admin", "officer"])  # 全部 (direct) / 本区域 (code first)
def viewer(request: Any, org_world: Any, make_user: Any) -> Any:
    return make_user(org_world.agency, request.param)


def test_each_code_column_finds_its_party(viewer: Any, org_world: Any) -> None:
    org8 = "MA123456"
    org_code = org8 + org_code_check_char(org8)
    rep_id = make_resident_id(area="440304", birth="19800505")
    person_id = make_resident_id(area="440303", birth="19900101")
    by_uscc = make_party(org_world.agency, uscc=make_uscc())
    by_person = make_party(org_world.agency, **person_data(name="王小明", id_number=person_id))
    by_rep = make_party(org_world.agency, legal_rep_id_type="resident_id", legal_rep_id_number=rep_id)
    by_reg_no = make_party(org_world.agency, uscc="", business_reg_no="440301000000001")
    by_org_code = make_party(org_world.agency, uscc="", org_code=org_code)
    cases = {
        by_uscc.uscc or "": by_uscc,
        person_id: by_person,
        person_id.lower(): by_person,  # normalised like the stored blind index
        rep_id: by_rep,
        "440301000000001": by_reg_no,
        org_code: by_org_code,
        f"{org_code[:8]}-{org_code[8]}": by_org_code,
    }
    for code, party in cases.items():
        found = party_find_by_code(viewer, code)
        assert found is not None, code
        assert found.pk == party.pk, code
        assert found.organisation.pk == org_world.agency.pk  # loaded with the party
    assert party_find_by_code(viewer, "") is None
    assert party_find_by_code(viewer, "  ") is None
    assert party_find_by_code(viewer, "440301000000002") is None


def test_outside_the_scope_is_not_found(org_world: Any, make_user: Any) -> None:
    elsewhere = make_party(org_world.other_city, region_code="4401")
    officer = make_user(org_world.agency, "officer")  # 本区域 = 深圳 4403
    admin = make_user(org_world.agency, "city_justice_admin")  # 全部
    assert party_find_by_code(officer, elsewhere.uscc or "") is None
    found = party_find_by_code(admin, elsewhere.uscc or "")
    assert found is not None
    assert found.pk == elsewhere.pk


def test_an_active_party_wins_over_an_older_merged_one(viewer: Any, org_world: Any) -> None:
    rep_id = make_resident_id(area="440305", birth="19750303")
    older = make_party(org_world.agency, legal_rep_id_type="resident_id", legal_rep_id_number=rep_id)
    newer = make_party(org_world.agency, legal_rep_id_type="resident_id", legal_rep_id_number=rep_id)
    first = party_find_by_code(viewer, rep_id)
    assert first is not None
    assert first.pk == older.pk  # both active: the oldest
    party_merge(actor=Actor.system(), keep=newer, duplicate=older)
    found = party_find_by_code(viewer, rep_id)
    assert found is not None
    assert found.pk == newer.pk


def test_code_match_only_ors_the_columns_the_shape_can_fill() -> None:
    uscc = make_uscc()
    assert "uscc" in str(code_match(uscc))
    assert "business_reg_no" not in str(code_match(uscc))  # 18 characters: not a 注册号
    assert "org_code" not in str(code_match("440301000000001"))
    assert "org_code" in str(code_match("MA1234567"))
    assert "uscc" not in str(code_match("MA1234567"))
    assert code_match(" ") is None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite planner statistics (sqlite_stat1)")
@pytest.mark.parametrize("code", ["91440300MA5CQR6L2T", "440301000000001", "MA1234567"])
def test_lookup_uses_the_code_indexes_under_production_statistics(code: str, org_world: Any) -> None:
    """sqlite_stat1 as ANALYZE writes it for 1M parties whose 注册号/组织机构代码 are all empty: a
    full index on those columns would say "1,000,000 rows per value" and the OR would become a
    table scan (310 ms); the partial indexes hold only non-empty values."""
    make_party(org_world.agency)
    stats = {
        "parties_party": "1000000",
        "party_id_index_idx": "1000000 5",
        "party_rep_id_index_idx": "1000000 2",
        "party_business_reg_no_set_idx": "12 1",
        "party_org_code_set_idx": "12 1",
        "party_uniq_uscc": "1000000 1",
        "party_status_idx": "1000000 500000",
        "party_name_idx": "1000000 2",
    }
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        try:
            cursor.execute("DELETE FROM sqlite_stat1")
            for idx, stat in stats.items():
                cursor.execute(
                    "INSERT INTO sqlite_stat1(tbl, idx, stat) VALUES ('parties_party', %s, %s)",
                    [None if idx == "parties_party" else idx, stat],
                )
            cursor.execute("ANALYZE sqlite_schema")  # reload the statistics
            match = code_match(code)
            assert match is not None
            plan = Party.objects.filter(match).explain()
        finally:
            cursor.execute("DELETE FROM sqlite_stat1")
            cursor.execute("ANALYZE sqlite_schema")
    assert "MULTI-INDEX OR" in plan, plan
    assert "SCAN parties_party" not in plan.replace("SCAN parties_party_", ""), plan
