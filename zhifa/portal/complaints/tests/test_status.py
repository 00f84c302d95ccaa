"""The status a reporter reads follows the clue through its handling (受理中 → 已受理 → 办理中 →
已办结, or 不予受理), a merged complaint follows the clue it joined, the 对外答复 reaches the
tracking page, and the satisfaction rating is taken once, only when closed."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.clues.models import ClueReply
from zhifa.clues.services import (
    clue_accept,
    clue_assign,
    clue_assign_officer,
    clue_close,
    clue_merge,
    clue_reject,
    clue_reply,
)
from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, ValidationError
from zhifa.core.models import AuditEvent
from zhifa.portal.complaints.models import Complaint
from zhifa.portal.complaints.selectors import complaint_by_tracking_code, tracking_view
from zhifa.portal.complaints.services import ContactInput, complaint_rate

from .conftest import ComplaintWorld

pytestmark = pytest.mark.django_db

ANSWER = "经核查，该店销售过期牛奶属实，我局已责令改正并立案调查。感谢您的监督！"


def _status(code: str) -> str:
    complaint = complaint_by_tracking_code(code)
    assert complaint is not None
    return tracking_view(complaint).status_label


def test_the_status_follows_the_clue_from_receipt_to_closing(cw: ComplaintWorld) -> None:
    submitted = cw.submit()
    code, clue = submitted.tracking_code, submitted.complaint.clue
    assert _status(code) == "受理中"
    clue = clue_accept(actor=Actor.of(cw.approver), clue=clue)
    assert _status(code) == "已受理"
    clue = clue_assign(actor=Actor.of(cw.manager), clue=clue, unit=cw.child)
    assert _status(code) == "办理中"
    view = tracking_view(Complaint.objects.get())
    assert view.expected_on is not None  # the handling clock's due date
    assert [s.label for s in view.timeline] == ["提交", "受理", "分派办理"]
    clue = clue_assign_officer(actor=Actor.of(cw.child_leader), clue=clue, officer=cw.officer)
    clue_close(actor=Actor.of(cw.officer_user), clue=clue, outcome="closed", note="核查后责令改正")
    view = tracking_view(Complaint.objects.get())
    assert view.status_label == "已办结"
    assert view.expected_on is None
    assert view.can_rate is True
    assert [s.label for s in view.timeline] == ["提交", "受理", "分派办理", "办结"]


def test_a_refused_complaint_reads_not_accepted_and_may_be_rated(cw: ComplaintWorld) -> None:
    submitted = cw.submit()
    clue_reject(actor=Actor.of(cw.approver), clue=submitted.complaint.clue, reason="不属于本机关职责范围")
    view = tracking_view(Complaint.objects.get())
    assert view.status_label == "不予受理"
    assert view.can_rate
    assert "不属于本机关职责范围" not in str(view)  # the internal reason is not the public answer


def test_a_merged_complaint_follows_the_clue_it_joined(cw: ComplaintWorld) -> None:
    first = cw.submit()
    second = cw.submit(contact=ContactInput(anonymous=True))
    target = clue_accept(actor=Actor.of(cw.approver), clue=first.complaint.clue)
    clue_merge(actor=Actor.of(cw.manager), clue=second.complaint.clue, into=target)
    view = tracking_view(Complaint.objects.get(pk=second.complaint.pk))
    assert view.merged
    assert view.status_label == "已受理"
    clue_assign(actor=Actor.of(cw.manager), clue=target, unit=cw.child)
    assert _status(second.tracking_code) == "办理中"


def test_the_public_reply_reaches_the_tracking_page_of_an_anonymous_reporter(
    cw: ComplaintWorld, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = cw.submit(contact=ContactInput(anonymous=True))
    clue = clue_accept(actor=Actor.of(cw.approver), clue=submitted.complaint.clue)
    with django_capture_on_commit_callbacks(execute=True):
        clue_reply(actor=Actor.of(cw.manager), clue=clue, content=ANSWER)
    reply = ClueReply.objects.get()
    assert (reply.channel, reply.status, reply.receipt) == ("portal", "sent", "portal:tracking")
    view = tracking_view(Complaint.objects.get())
    assert [r.content for r in view.replies] == [ANSWER]
    assert view.contact == "匿名"


def test_every_merged_reporter_reads_the_reply_on_their_own_tracking_page(
    cw: ComplaintWorld, django_capture_on_commit_callbacks: Any
) -> None:
    first, second = cw.submit(), cw.submit(contact=ContactInput(anonymous=True))
    target = clue_accept(actor=Actor.of(cw.approver), clue=first.complaint.clue)
    clue_merge(actor=Actor.of(cw.manager), clue=second.complaint.clue, into=target)
    with django_capture_on_commit_callbacks(execute=True):
        clue_reply(actor=Actor.of(cw.manager), clue=target, content=ANSWER)
    for submitted in (first, second):
        complaint = complaint_by_tracking_code(submitted.tracking_code)
        assert complaint is not None
        assert [r.content for r in tracking_view(complaint).replies] == [ANSWER]


def test_the_reporter_sees_only_their_own_contact_masked(cw: ComplaintWorld) -> None:
    view = tracking_view(cw.submit().complaint)
    assert view.contact == "陈** 138****8000 c***@example.com"


def _closed(cw: ComplaintWorld) -> Complaint:
    submitted = cw.submit()
    clue = clue_accept(actor=Actor.of(cw.approver), clue=submitted.complaint.clue)
    clue_close(actor=Actor.of(cw.manager), clue=clue, outcome="closed", note="已核查")
    return Complaint.objects.get()


def test_a_closed_complaint_is_rated_once(cw: ComplaintWorld) -> None:
    complaint = _closed(cw)
    actor = Actor(id=None, label="public:tracking")
    rated = complaint_rate(actor=actor, complaint=complaint, rating=4, comment="处理及时")
    assert (rated.rating, rated.rating_comment) == (4, "处理及时")
    assert rated.rated_at is not None
    assert AuditEvent.objects.filter(action="complaints.complaint.rate").count() == 1
    with pytest.raises(Conflict, match="已评价"):
        complaint_rate(actor=actor, complaint=complaint, rating=1)
    assert Complaint.objects.get().rating == 4
    assert tracking_view(Complaint.objects.get()).can_rate is False


def test_an_open_complaint_cannot_be_rated(cw: ComplaintWorld) -> None:
    complaint = cw.submit().complaint
    with pytest.raises(Conflict, match="办结后"):
        complaint_rate(actor=Actor.system(), complaint=complaint, rating=5)
    assert Complaint.objects.get().rating is None


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_is_from_one_to_five(cw: ComplaintWorld, rating: int) -> None:
    complaint = _closed(cw)
    with pytest.raises(ValidationError):
        complaint_rate(actor=Actor.system(), complaint=complaint, rating=rating)
    assert Complaint.objects.get().rating is None
