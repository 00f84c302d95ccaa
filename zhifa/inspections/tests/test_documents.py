"""The documents of a finished inspection, read back from the issued PDF: the 现场检查笔录 (03.01) with
each item's result and the findings; the 责令改正通知书 (03.11) with the violation, the basis, the
deadline the officer set, the consequences and the 复议/诉讼 routes, served on the party; the
deadline as a worklist clock with a 复查 task; a natural person's ID number masked."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader

from zhifa.core.audit import Actor
from zhifa.core.errors import ValidationError
from zhifa.documents.models import Document, ServiceRecord
from zhifa.parties.tests.factories import make_party, make_resident_id
from zhifa.worklist.models import Deadline, Task, TaskStatus

from ..choices import InspectionState, ItemResult
from ..models import Inspection
from ..services import inspection_create, inspection_finish, inspection_record
from .factories import make_checklist, make_officer_user, market

pytestmark = pytest.mark.django_db
ID_NUMBER = make_resident_id(16)


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def pdf_text(document: Document) -> str:
    with default_storage.open(document.pdf_file) as fh:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(fh.read())).pages)
    return "".join(text.split())  # lines wrap anywhere in Chinese text


@pytest.fixture
def setup(org_world: Any, make_user: Any) -> dict[str, Any]:
    org, dom = org_world.agency, market()
    leader = make_user(org, "team_leader")
    (u1, o1), (u2, o2) = make_officer_user(org, dom), make_officer_user(org, dom)
    person = make_party(org, kind="natural_person", name="李小摊", id_number=ID_NUMBER)
    checklist = make_checklist(dom, ["食品经营许可证在有效期内", "从业人员持有健康证明", "进货查验记录完整"])
    inspection = inspection_create(
        actor=Actor.of(leader),
        organisation=org,
        party=person,
        domain=dom,
        officers=[o1, o2],
        checklist=checklist,
    )
    return {"users": (u1, u2), "officers": (o1, o2), "inspection": inspection, "party": person}


def _answer(inspection: Inspection, actor: Actor) -> Inspection:
    rows = list(inspection.results.order_by("position"))
    return inspection_record(
        actor=actor,
        inspection=inspection,
        results={
            rows[0].pk: (ItemResult.PASS, ""),
            rows[1].pk: (ItemResult.FAIL, "两名从业人员未取得健康证明"),
            rows[2].pk: (ItemResult.NOT_APPLICABLE, "不涉及进货"),
        },
        findings="后厨两名员工无健康证明，正在从事直接入口食品工作。",
        place="深圳市罗湖区东门街道测试路2号",
    )


def test_rectification_serves_the_notice_and_starts_the_reinspection(setup: dict[str, Any]) -> None:
    actor = Actor.of(setup["users"][0])
    today = timezone.localdate()
    due = today + dt.timedelta(days=10)
    done = inspection_finish(
        actor=actor,
        inspection=_answer(setup["inspection"], actor),
        party_signature="李小摊",
        officer_signatures=[o.name for o in setup["officers"]],
        open_case=False,
        rectify_due_on=due,
        rectify_requirements="立即停止安排无健康证明人员从事接触直接入口食品的工作",
    )
    assert done.state == InspectionState.CLOSED
    assert done.rectify_due_on == due
    assert done.case_id is None
    docs = {
        d.type_code: d
        for d in Document.objects.filter(subject_type="inspections.inspection", subject_id=done.pk)
    }
    assert set(docs) == {"03.01", "03.11", "09.02"}  # 09.02: the 送达回证 of the notice
    assert all(d.status == "issued" for d in docs.values())

    record = pdf_text(docs["03.01"])
    assert "现场检查（勘验）笔录" in record
    assert "1.食品经营许可证在有效期内：符合" in record
    assert "2.从业人员持有健康证明：不符合（两名从业人员未取得健康证明）" in record
    assert "3.进货查验记录完整：不适用（不涉及进货）" in record
    assert "后厨两名员工无健康证明" in record

    notice = pdf_text(docs["03.11"])
    assert "责令改正通知书" in notice
    assert docs["03.11"].number in notice  # 责改字 number
    assert "从业人员持有健康证明：两名从业人员未取得健康证明" in notice  # the violation
    assert "《食品安全法》第36条" in notice  # the basis of the failed item
    assert "行政处罚法》第二十八条第一款" in notice
    assert f"{due.year}年{due.month}月{due.day}日前改正" in notice  # the deadline the officer set
    assert "立即停止安排无健康证明人员" in notice
    assert "逾期不改正" in notice  # the consequences
    assert "申请行政复议" in notice
    assert "提起行政诉讼" in notice
    served = ServiceRecord.objects.get(document=docs["03.11"])
    assert (served.method, served.recipient) == ("direct", "李小摊")

    clock = Deadline.objects.get(subject_type="inspections.inspection", subject_id=done.pk)
    assert clock.rule_code == "inspections.rectify"
    assert clock.due_on >= due  # a last day on a rest day moves to the next working day (民法典第203条)
    assert (clock.due_on - due).days <= 7
    subject = {"subject_type": "inspections.inspection", "subject_id": done.pk}
    tasks = Task.objects.filter(**subject, kind="reinspection")
    assert {t.assignee_id for t in tasks} == {u.pk for u in setup["users"]}
    assert all(t.status == TaskStatus.OPEN and t.due_on == clock.due_on for t in tasks)
    assert not Task.objects.filter(
        subject_type="inspections.inspection", subject_id=done.pk, kind="inspection", status=TaskStatus.OPEN
    ).exists()


def test_a_natural_persons_id_number_is_masked_on_both_documents(setup: dict[str, Any]) -> None:
    actor = Actor.of(setup["users"][0])
    done = inspection_finish(
        actor=actor,
        inspection=_answer(setup["inspection"], actor),
        party_signature="李小摊",
        officer_signatures=[o.name for o in setup["officers"]],
        open_case=True,
        rectify_due_on=timezone.localdate() + dt.timedelta(days=5),
    )
    assert done.state == InspectionState.CASE_OPENED
    full = ID_NUMBER
    masked = setup["party"].id_number_masked
    assert masked
    assert masked != full
    for document in Document.objects.filter(subject_type="inspections.inspection", subject_id=done.pk):
        text = pdf_text(document)
        assert full not in text, document.type_code
        assert full not in str(document.data)
        if document.type_code in ("03.01", "03.11"):  # the 送达回证 names the party only
            assert "".join(masked.split()) in text, document.type_code


def test_outcome_must_fit_the_results(setup: dict[str, Any]) -> None:
    actor = Actor.of(setup["users"][0])
    inspection = _answer(setup["inspection"], actor)
    signed: dict[str, Any] = {
        "party_signature": "李小摊",
        "officer_signatures": [o.name for o in setup["officers"]],
    }
    with pytest.raises(ValidationError, match="请责令改正"):
        inspection_finish(actor=actor, inspection=inspection, open_case=False, **signed)
    with pytest.raises(ValidationError, match="改正期限须在今天之后"):
        inspection_finish(
            actor=actor, inspection=inspection, open_case=False, rectify_due_on=timezone.localdate(), **signed
        )
    rows = list(inspection.results.order_by("position"))
    inspection_record(actor=actor, inspection=inspection, results={rows[1].pk: (ItemResult.PASS, "")})
    with pytest.raises(ValidationError, match="没有不符合项"):
        inspection_finish(
            actor=actor,
            inspection=inspection,
            rectify_due_on=timezone.localdate() + dt.timedelta(days=3),
            **signed,
        )
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.IN_PROGRESS
    documents = Document.objects.filter(subject_type="inspections.inspection", subject_id=inspection.pk)
    assert not documents.exists()


def test_api_finish_takes_the_outcome(setup: dict[str, Any], client: Any) -> None:
    user = setup["users"][0]
    inspection = _answer(setup["inspection"], Actor.of(user))
    client.force_login(user)
    due = timezone.localdate() + dt.timedelta(days=7)
    response = client.post(
        f"/api/inspections/inspections/{inspection.pk}/finish",
        {
            "party_signature": "李小摊",
            "officer_signatures": [o.name for o in setup["officers"]],
            "open_case": False,
            "rectify_due_on": due.isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "closed"
    inspection.refresh_from_db()
    assert inspection.rectify_due_on == due
    assert (
        Document.objects.get(
            subject_type="inspections.inspection", subject_id=inspection.pk, type_code="03.11"
        ).status
        == "issued"
    )
