"""The measure's documents (RECORDS §2.4: 04.02 with 04.04, 04.03, 04.07, 04.09), the coercion case
list and enforcement page, and the /api/coercion/ router — each scoped (outsiders get 404)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from zhifa.coercion import services
from zhifa.coercion.models import Enforcement, EnforcementState
from zhifa.core.audit import Actor
from zhifa.core.errors import ValidationError
from zhifa.documents.models import Document
from zhifa.parties.tests.factories import make_party

from .test_enforcement import at, demand
from .test_enforcement import start as start_enforcement
from .test_measures import decide, opened_case, start

pytestmark = pytest.mark.django_db
D = date


def codes(subject_type: str, pk: int) -> list[str]:
    return list(
        Document.objects.filter(subject_type=subject_type, subject_id=pk)
        .order_by("pk")
        .values_list("type_code", flat=True)
    )


def test_art24_25_28_measure_documents_are_issued_inside_the_steps(case_world: Any) -> None:
    w = case_world
    case = opened_case(w)
    m = start(
        w, case, at(D(2026, 6, 1)), scene={"seals": "封条3张（编号001-003）", "scene_note": "仓库内查见"}
    )
    assert codes("coercion.measure", m.pk) == []  # nothing before the head approves (第十八条第一项)
    m = decide(w.head, m, at(D(2026, 6, 2)))
    issued = codes("coercion.measure", m.pk)
    # 第二十四条: 决定书 and 清单 handed over (each with its 送达回证 09.02), 现场笔录 made
    assert [c for c in issued if c != "09.02"] == ["04.02", "04.04", "04.03"]
    assert issued.count("09.02") == 2
    decision = Document.objects.get(subject_type="coercion.measure", subject_id=m.pk, type_code="04.02")
    assert decision.number
    assert decision.data["measure"]["items"][0]["name"] == "过期奶粉"
    assert decision.data["measure"]["ends_on"] == "2026年7月2日"
    record = Document.objects.get(subject_type="coercion.measure", subject_id=m.pk, type_code="04.03")
    assert record.data["measure"]["seals"] == "封条3张（编号001-003）"
    assert [o["name"] for o in record.data["officers"]] == ["张三", "李四"]
    with time_machine.travel(at(D(2026, 6, 25))):
        m = services.measure_extend(
            actor=Actor.of(w.user_a), user=w.user_a, measure=m, reason="需调取进货记录"
        )
    m = decide(w.head, m, at(D(2026, 6, 26)))
    notice = Document.objects.get(subject_type="coercion.measure", subject_id=m.pk, type_code="04.07")
    assert notice.data["measure"]["original_ends_on"] == "2026年7月2日"
    assert notice.data["measure"]["ends_on"] == "2026年8月3日"
    assert notice.services.exists()  # 第二十五条第二款: told to the party in writing
    with time_machine.travel(at(D(2026, 7, 10))):
        m = services.measure_release(actor=Actor.of(w.user_a), user=w.user_a, measure=m, ground="decided")
    release = Document.objects.get(subject_type="coercion.measure", subject_id=m.pk, type_code="04.09")
    assert release.data["measure"]["release_ground"] == "已经作出处理决定，不再需要查封、扣押"


def test_art18_an_absent_party_needs_a_witness_and_the_urgent_measure_documents_at_once(
    case_world: Any,
) -> None:
    w = case_world
    case = opened_case(w)
    with pytest.raises(ValidationError, match="见证人"):
        start(w, case, at(D(2026, 6, 1)), urgent=True, scene={"party_present": False})
    m = start(
        w, case, at(D(2026, 6, 1)), urgent=True, scene={"party_present": False, "witness": "物业管理员赵六"}
    )
    assert "04.02" in codes("coercion.measure", m.pk)  # 第十九条 + 第二十四条: 当场交付
    record = Document.objects.get(subject_type="coercion.measure", subject_id=m.pk, type_code="04.03")
    assert record.data["measure"]["witness"] == "物业管理员赵六"


def test_measure_documents_mask_a_natural_persons_id_number(case_world: Any) -> None:
    w = case_world
    person = make_party(w.unit, kind="natural_person", name="王五", id_number="11010519491231002X")
    m = start(w, None, at(D(2026, 6, 1)), urgent=True, party=person, organisation=w.unit)
    for document in Document.objects.filter(subject_type="coercion.measure", subject_id=m.pk):
        assert "11010519491231002X" not in json.dumps(document.data, ensure_ascii=False)
    decision = Document.objects.get(subject_type="coercion.measure", subject_id=m.pk, type_code="04.02")
    assert decision.data["party"]["id_number"] == person.id_number_masked


def test_the_coercion_case_list_shows_measures_and_enforcements_by_kind_state_and_unit(
    case_world: Any,
) -> None:
    w = case_world
    case = opened_case(w)
    start(w, case, at(D(2026, 6, 1)))
    enforcement = start_enforcement(w)
    own = Client()
    own.force_login(w.user_a)
    with time_machine.travel(at(D(2026, 9, 2))):
        own.force_login(w.user_a)
        page = own.get("/coercion/cases/").content.decode()
        assert f"/coercion/enforcements/{enforcement.pk}/" in page
        assert "强制措施" in page
        only = own.get("/coercion/cases/?kind=enforcement:act").content.decode()
        assert f"/coercion/enforcements/{enforcement.pk}/" in only
        assert "/coercion/1/" not in only.replace(f"/coercion/enforcements/{enforcement.pk}/", "")
        none = own.get("/coercion/cases/?state=measure:released").content.decode()
        assert "暂无行政强制案件" in none
        unit = own.get(f"/coercion/cases/?unit={w.unit.pk}").content.decode()
        assert f"/coercion/enforcements/{enforcement.pk}/" in unit
        detail = own.get(f"/coercion/enforcements/{enforcement.pk}/").content.decode()
        assert 'data-step="demand"' in detail
    outsider = Client()
    with time_machine.travel(at(D(2026, 9, 2))):
        outsider.force_login(w.outsider)
        assert outsider.get(f"/coercion/enforcements/{enforcement.pk}/").status_code == 404
        assert enforcement.party_name not in outsider.get("/coercion/cases/").content.decode()


def test_the_enforcement_page_serves_the_demand_and_refuses_night_enforcement(case_world: Any) -> None:
    w = case_world
    row = start_enforcement(w)
    own = Client()
    with time_machine.travel(at(D(2026, 9, 30))):
        own.force_login(w.user_a)
        own.post(
            f"/coercion/enforcements/{row.pk}/step/demand/",
            {"version": row.version, "days": "5", "method": "自行拆除", "served_on": "2026-09-30"},
        )
    row.refresh_from_db()
    assert (row.state, row.demand_due_on) == (EnforcementState.DEMANDED, D(2026, 10, 13))
    with time_machine.travel(at(D(2026, 9, 30))):
        own.force_login(w.user_a)
        response = own.post(f"/coercion/enforcements/{row.pk}/step/nonsense/", {"version": row.version})
    assert response.status_code == 404


def test_the_api_lists_and_details_measures_and_enforcements_in_scope(case_world: Any) -> None:
    w = case_world
    case = opened_case(w)
    m = start(w, case, at(D(2026, 6, 1)))
    row = demand(w, start_enforcement(w), D(2026, 9, 30))
    own, outsider = Client(), Client()
    own.force_login(w.user_a)
    outsider.force_login(w.outsider)
    listed = own.get("/api/coercion/enforcements/").json()
    assert [i["id"] for i in listed["items"]] == [row.pk]
    detail = own.get(f"/api/coercion/enforcements/{row.pk}").json()
    assert detail["demand_due_on"] == "2026-10-13"
    assert "10.04" in [d["type_code"] for d in detail["documents"]]
    assert "coercion.demand" in [d["rule_code"] for d in detail["deadlines"]]
    assert [i["id"] for i in own.get("/api/coercion/measures/").json()["items"]] == [m.pk]
    assert own.get(f"/api/coercion/measures/{m.pk}").json()["state"] == "requested"
    hidden = outsider.get(f"/api/coercion/enforcements/{row.pk}")
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "not_found"
    assert outsider.get("/api/coercion/enforcements/").json()["items"] == []
    assert Enforcement.objects.count() == 1


def test_the_case_page_links_the_enforcement_form_which_starts_from_the_case(case_world: Any) -> None:
    w = case_world
    case = opened_case(w)
    own = Client()
    with time_machine.travel(at(D(2026, 6, 1))):
        own.force_login(w.user_a)
        page = own.get(f"/cases/{case.pk}/").content.decode()
        assert f"/coercion/enforcements/new/?case={case.pk}" in page
        assert own.get(f"/coercion/enforcements/new/?case={case.pk}").status_code == 200
        response = own.post(
            f"/coercion/enforcements/new/?case={case.pk}",
            {"case": case.pk, "kind": "act", "route": "self", "obligation": "责令改正：拆除违法广告牌"},
        )
    row = Enforcement.objects.get()
    assert (response.status_code, row.case_id, row.party_name) == (302, case.pk, case.party_name)
    outsider = Client()
    with time_machine.travel(at(D(2026, 6, 1))):
        outsider.force_login(w.outsider)
        assert outsider.get(f"/coercion/enforcements/new/?case={case.pk}").status_code == 404
