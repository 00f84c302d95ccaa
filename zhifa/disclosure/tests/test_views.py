"""Officer pages under /disclosure/: list, record with the masked preview and source link, the
correction form, the actions and the 操作记录 — scoped like the selectors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.disclosure.models import Publication, PublicationChange, PublicationState
from zhifa.disclosure.services import publication_collect
from zhifa.web.navigation import menu_for

from .conftest import decided_case


@pytest.fixture
def pub(case_world: Any, person: Any) -> Publication:
    case = decided_case(case_world, party=person, fine=Decimal(3000), decided_on=date(2026, 11, 16))
    publication_collect(today=date(2026, 11, 20))
    return Publication.objects.get(subject_type="cases.case", subject_id=case.pk)


def client_of(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_officer_list_and_record_show_only_masked_content_with_the_source_link(
    case_world: Any, pub: Publication
) -> None:
    c = client_of(case_world.user_a)
    listing = c.get(reverse("disclosure:list"), {"kind": "penalty", "state": "pending"})
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "张**" in html
    assert "张三丰" not in html
    page = c.get(reverse("disclosure:detail", args=[pub.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="preview"' in html
    assert reverse("cases:detail", args=[pub.subject_id]) in html
    assert "张三丰" not in html
    assert 'data-action="publish"' in html
    assert 'data-testid="correct-form"' in html


def test_correct_then_publish_through_the_pages_traces_every_step(case_world: Any, pub: Publication) -> None:
    c = client_of(case_world.user_a)
    url = reverse("disclosure:correct", args=[pub.pk])
    response = c.post(
        url,
        {"field": "title", "value": "销售超过保质期的食品", "reason": "规范案由表述", "version": pub.version},
    )
    assert response.status_code == 302
    pub.refresh_from_db()
    assert pub.title == "销售超过保质期的食品"
    response = c.post(
        reverse("disclosure:act", args=[pub.pk, "publish"]), {"version": pub.version}, follow=True
    )
    assert "已公示" in response.content.decode()
    pub.refresh_from_db()
    assert pub.state == PublicationState.PUBLISHED
    history = c.get(reverse("disclosure:detail", args=[pub.pk])).content.decode()
    assert "规范案由表述" in history
    assert "审核后公示" in history
    assert list(PublicationChange.objects.filter(publication=pub).values_list("field", flat=True)) == [
        "title",
        "state",
    ]


def test_a_refused_correction_keeps_what_was_typed_and_writes_nothing(
    case_world: Any, pub: Publication
) -> None:
    c = client_of(case_world.user_a)
    response = c.post(
        reverse("disclosure:correct", args=[pub.pk]),
        {"field": "facts", "value": "当事人张三丰销售过期食品", "reason": "补充", "version": pub.version},
        follow=True,
    )
    html = response.content.decode()
    assert "未隐去的个人信息" in html
    assert "补充" in html  # the reason typed is shown again
    assert not PublicationChange.objects.exists()


def test_outsider_gets_404_and_a_leader_cannot_act(case_world: Any, pub: Publication) -> None:
    assert client_of(case_world.outsider).get(reverse("disclosure:detail", args=[pub.pk])).status_code == 404
    leader = client_of(case_world.leader)
    page = leader.get(reverse("disclosure:detail", args=[pub.pk])).content.decode()
    assert 'data-action="publish"' not in page
    response = leader.post(reverse("disclosure:act", args=[pub.pk, "publish"]), {}, follow=True)
    assert "没有办理此类公示的权限" in response.content.decode()
    assert Publication.objects.get(pk=pub.pk).state == PublicationState.PENDING
    assert (
        client_of(case_world.user_a).post(reverse("disclosure:act", args=[pub.pk, "nope"])).status_code == 404
    )


def test_withdraw_page_records_the_public_note(case_world: Any, pub: Publication) -> None:
    c = client_of(case_world.user_a)
    c.post(reverse("disclosure:act", args=[pub.pk, "publish"]), {})
    c.post(
        reverse("disclosure:act", args=[pub.pk, "withdraw"]),
        {"revoked_on": "2026-11-18", "public_note": "处罚决定已被依法撤销，原公示信息撤回。"},
    )
    pub.refresh_from_db()
    assert (pub.state, pub.end_note) == (PublicationState.WITHDRAWN, "处罚决定已被依法撤销，原公示信息撤回。")


def test_menu_entry_for_officers_and_leaders_only(case_world: Any) -> None:
    def labels(user: Any) -> set[str]:
        return {i["label"] for g in menu_for(user) for i in g.items}

    assert "执法公示" in labels(case_world.user_a)
    assert "执法公示" in labels(case_world.leader)
    assert "执法公示" not in labels(case_world.reviewer)
