"""The reporter's identity (name, phone, e-mail, ID number) never reaches the party nor anyone
outside the handling unit (BEYOND.md §14; issue #4): not on any document issued for the case opened
from the clue — even when the clue's text names the reporter, as a 12345 hotline record does — and
not on the clue or case pages and API for users outside the handling unit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.cases.models import Case
from zhifa.cases.tests.test_case_paperwork import pdf_text
from zhifa.clues.models import Clue
from zhifa.clues.services import (
    ReporterInput,
    clue_accept,
    clue_assign,
    clue_assign_officer,
    clue_open_case,
)
from zhifa.core.audit import Actor
from zhifa.documents.models import Document

from .conftest import ClueWorld, at

pytestmark = pytest.mark.django_db

D = date
NAME, PHONE, EMAIL, ID_NUMBER = "陈小明", "13800138000", "chen@example.com", "110101199003074514"
IDENTITY = (NAME, PHONE, EMAIL, ID_NUMBER)
# What a hotline operator types: the caller's name and number inside the complaint itself.
CONTENT = f"市民{NAME}（电话{PHONE}，身份证号{ID_NUMBER}，邮箱{EMAIL}）来电反映：该店货架上有过期牛奶出售。"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _clue_to_case(world: ClueWorld, w: Any) -> tuple[Clue, Case]:
    """A hotline clue naming its reporter, accepted, assigned to the 罗湖监管局 and its officer 张三
    (case_world.officer_a), opened as a penalty case with 张三 and 李四."""
    reporter = ReporterInput(name=NAME, phone=PHONE, email=EMAIL, id_number=ID_NUMBER, channel="email")
    clue = world.register(
        channel="hotline_12345",
        content=CONTENT,
        received_at=at(2026, 3, 6),
        occurred_on=D(2026, 3, 2),
        reporters=[reporter],
    )
    clue = clue_accept(actor=Actor.of(world.manager), clue=clue)
    clue = clue_assign(actor=Actor.of(world.manager), clue=clue, unit=world.child)
    clue = clue_assign_officer(actor=Actor.of(w.leader), clue=clue, officer=w.officer_a)
    case = clue_open_case(
        actor=Actor.of(w.user_a), clue=clue, officers=[w.officer_a, w.officer_b], today=D(2026, 3, 9)
    )
    clue.refresh_from_db()
    return clue, case


def _first_steps(w: Any, case: Case) -> Case:
    """立案 (approved), 调查终结 with the facts carried over from the clue, 审核, 告知 served."""
    w.act(w.user_a, case, "open", D(2026, 3, 10))
    w.approve_all(case, D(2026, 3, 10), w.leader, w.head)
    case.refresh_from_db()
    w.act(
        w.user_a,
        case,
        "conclude_investigation",
        D(2026, 3, 20),
        facts=case.facts,  # the officer keeps the text the clue carried over
        evidence_summary="现场检查笔录、询问笔录、进货单据",
        basis_violation="《中华人民共和国食品安全法》第三十四条第（十）项",
        basis_penalty="《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
        proposed_kinds=["fine"],
        proposed_fine="8000",
    )
    w.act(w.user_a, case, "submit_review", D(2026, 3, 20))
    w.approve(w.leader, case, D(2026, 3, 23))
    return w.act(w.user_a, case, "notify", D(2026, 4, 1), served_on="2026-04-01")


def test_no_document_issued_for_the_case_carries_the_reporters_identity(
    world: ClueWorld, case_world: Any
) -> None:
    w = case_world
    clue, case = _clue_to_case(world, w)
    assert clue.case_id == case.pk
    assert "过期牛奶" in case.facts  # the complaint's substance is carried over …
    for mark in IDENTITY:  # … without the reporter in it
        assert mark not in f"{case.facts} {case.cause} {case.place} {case.party_name}"
    case = _first_steps(w, case)
    documents = list(Document.objects.filter(subject_type="cases.case", subject_id=case.pk).order_by("pk"))
    issued = {d.type_code for d in documents if d.pdf_file}
    assert {"02.01", "06.01"} <= issued  # 立案审批表 and the 告知书 served on the party, at least
    notice = next(d for d in documents if d.type_code == "06.01")
    assert "过期牛奶" in pdf_text(notice)  # the facts are on the party's notice
    for document in documents:
        if not document.pdf_file:
            continue
        text = pdf_text(document)
        assert text
        for mark in IDENTITY:
            assert mark not in text, (document.type_code, mark)


def test_pages_and_api_show_no_reporter_outside_the_handling_unit(
    world: ClueWorld, case_world: Any, make_user: Any, org_world: Any
) -> None:
    w = case_world
    clue, case = _clue_to_case(world, w)
    clue_url, case_url = reverse("clues:detail", args=[clue.pk]), reverse("cases:detail", args=[case.pk])
    # Users outside the handling unit who may read the clue (the registering unit's team leader,
    # without clues.reporter.view) see neither the reporter block nor the identity inside the text.
    for user in (world.approver, world.viewer_no_reporter):
        client = _client(user)
        page = client.get(clue_url)
        assert page.status_code == 200
        api = client.get(f"/api/clues/{clue.pk}")
        assert api.status_code == 200
        assert "过期牛奶" in page.content.decode()
        for mark in IDENTITY:
            assert mark not in page.content.decode(), (user.username, mark)
            assert mark not in api.content.decode(), (user.username, mark)
    # Users of other units see neither the clue nor the case (404, like a missing one).
    futian = make_user(org_world.agency_child_futian, "case_source_manager", "team_leader")
    for user in (futian, world.outsider, world.other_manager):
        client = _client(user)
        assert client.get(clue_url).status_code == 404
        assert client.get(f"/api/clues/{clue.pk}").status_code == 404
        assert client.get(case_url).status_code in (403, 404)
        assert client.get(f"/api/cases/{case.pk}").status_code in (403, 404)
        listed = client.get("/api/clues/", {"q": "过期"}).content.decode()
        assert clue.number not in listed
    # The case belongs to the handling unit, whose officers handle it: the case page and API carry
    # the complaint's substance, never the reporter — the case is what the party gets to see.
    for user in (w.user_a, w.leader):
        client = _client(user)
        page, api = client.get(case_url), client.get(f"/api/cases/{case.pk}")
        assert page.status_code == api.status_code == 200
        assert "过期牛奶" in page.content.decode()
        for mark in IDENTITY:
            assert mark not in page.content.decode(), (user.username, mark)
            assert mark not in api.content.decode(), (user.username, mark)
    # The handling unit's holder of clues.reporter.view still reads the reporter on the clue page.
    own = _client(make_user(world.child, "case_source_manager")).get(clue_url).content.decode()
    assert NAME in own
    assert PHONE in own
