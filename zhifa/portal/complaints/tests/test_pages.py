"""The public pages: no login, no cookie, nothing external; the form's anti-abuse (time token,
honeypot, per-IP limit); errors listed at once with the input kept; the one-time code; the status
page and the rating; the officers' side (photos through the clue, the block on the clue page)."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.clues.services import clue_accept, clue_close, clue_reply
from zhifa.core.audit import Actor
from zhifa.portal.complaints import antiabuse
from zhifa.portal.complaints.models import Complaint, ComplaintPhoto

from .conftest import REPORTER, ComplaintWorld, photo_upload

pytestmark = pytest.mark.django_db

FORM = reverse("complaints:form")
TRACK = reverse("complaints:track")


@pytest.fixture(autouse=True)
def _no_wait(settings: Any) -> None:
    settings.ZHIFA_COMPLAINT_FORM_MIN_SECONDS = 0


def _token(client: Client) -> str:
    html = client.get(FORM).content.decode()
    match = re.search(r'name="form_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def _post(client: Client, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "form_token": _token(client),
        "service": "food_safety",
        "description": "东门街道某食品店货架上有过期牛奶出售",
        "lat": "22.547000",
        "lng": "114.120000",
        "address": "罗湖区东门街道测试路1号",
        "name": REPORTER["name"],
        "phone": REPORTER["phone"],
        "email": REPORTER["email"],
        "reply_channel": "sms",
        "consent": "1",
    }
    data.update(overrides)
    return client.post(FORM, {k: v for k, v in data.items() if v is not None})


def _code(response: Any) -> str:
    match = re.search(r'data-testid="tracking-code">([0-9A-Z\-]+)<', response.content.decode())
    assert match, response.content.decode()[:2000]
    return match.group(1)


def test_the_form_is_public_sets_no_cookie_and_loads_nothing_external(cw: ComplaintWorld) -> None:
    response = Client().get(FORM)
    assert response.status_code == 200
    assert response.cookies == {}
    html = response.content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "leaflet/leaflet.js" in html
    assert "complaints/map.js" in html
    assert "食品安全" in html
    assert 'lang="zh-CN"' in html
    assert 'name="viewport"' in html
    for field in (
        "id_service",
        "id_description",
        "id_address",
        "id_photos",
        "id_name",
        "id_phone",
        "id_email",
    ):
        assert f'for="{field}"' in html  # every input has its label


def test_a_complaint_filed_through_the_form_shows_its_tracking_code_once(cw: ComplaintWorld) -> None:
    client = Client()
    response = client.post(
        FORM,
        {
            "form_token": _token(client),
            "service": "food_safety",
            "description": "东门街道某食品店货架上有过期牛奶出售",
            "lat": "22.547000",
            "lng": "114.120000",
            "consent": "1",
            "anonymous": "1",
            "photos": [photo_upload("a.jpg"), photo_upload("b.jpg")],
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response.cookies == {}
    code = _code(response)
    complaint = Complaint.objects.get()
    assert complaint.source == "web"
    assert complaint.consent_version
    assert ComplaintPhoto.objects.filter(complaint=complaint).count() == 2
    assert complaint.clue.place == "罗湖区（地图选点）"
    page = Client().post(TRACK, {"code": code.lower()})
    assert page.status_code == 200
    assert "受理中" in page.content.decode()


def test_the_form_lists_every_problem_at_once_and_keeps_what_was_typed(cw: ComplaintWorld) -> None:
    response = _post(
        Client(), service="", description="短", lat="", lng="", address="", consent=None, phone="13x"
    )
    assert response.status_code == 422
    html = response.content.decode()
    summary = (
        "请选择投诉类别",
        "至少5个字",
        "请在地图上选择位置或填写地址",
        "联系电话格式不正确",
        "请阅读并同意",
    )
    positions = [html.find(message) for message in summary]
    assert -1 not in positions
    assert positions == sorted(positions)  # the summary follows the form's order
    assert 'value="13x"' in html
    assert ">短</textarea>" in html
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert Complaint.objects.count() == 0


def test_the_honeypot_refuses_a_bot_and_writes_nothing(cw: ComplaintWorld) -> None:
    response = _post(Client(), **{antiabuse.HONEYPOT_FIELD: "http://spam.example"})
    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_a_form_sent_back_too_fast_is_refused(cw: ComplaintWorld, settings: Any) -> None:
    settings.ZHIFA_COMPLAINT_FORM_MIN_SECONDS = 60
    response = _post(Client())
    assert response.status_code == 400
    assert "提交过快" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_a_form_token_is_good_once(cw: ComplaintWorld) -> None:
    client = Client()
    token = _token(client)
    assert _post(client, form_token=token).status_code == 200
    again = _post(client, form_token=token)
    assert again.status_code == 400
    assert "已提交过" in again.content.decode()
    assert Complaint.objects.count() == 1


def test_an_old_or_forged_token_is_refused(cw: ComplaintWorld) -> None:
    old = antiabuse.issue_form_token(now=time.time() - 3 * 3600)
    assert _post(Client(), form_token=old).status_code == 400
    assert _post(Client(), form_token="forged:token").status_code == 400
    assert Complaint.objects.count() == 0


def test_one_ip_may_file_only_so_many_complaints_an_hour(cw: ComplaintWorld, settings: Any) -> None:
    settings.ZHIFA_COMPLAINT_RATE_LIMITS = {"submit": (2, 3600)}
    client = Client(REMOTE_ADDR="198.51.100.9")
    assert [_post(client).status_code for _ in range(3)] == [200, 200, 429]
    assert _post(Client(REMOTE_ADDR="198.51.100.10")).status_code == 200  # another IP
    assert Complaint.objects.count() == 3


def test_tracking_codes_cannot_be_tried_without_limit(cw: ComplaintWorld, settings: Any) -> None:
    settings.ZHIFA_COMPLAINT_RATE_LIMITS = {"track": (3, 600)}
    client = Client()
    codes = [client.post(TRACK, {"code": "AAAA-BBBB-CCCC"}).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


def test_an_unknown_code_says_so_without_detail(cw: ComplaintWorld) -> None:
    response = Client().post(TRACK, {"code": "0000-0000-0000"})
    assert response.status_code == 404
    assert "未找到该跟踪码" in response.content.decode()


def test_the_status_page_shows_the_reply_and_takes_the_rating_once(
    cw: ComplaintWorld, django_capture_on_commit_callbacks: Any
) -> None:
    code = _code(_post(Client()))
    clue = clue_accept(actor=Actor.of(cw.approver), clue=Complaint.objects.get().clue)
    clue_close(actor=Actor.of(cw.manager), clue=clue, outcome="closed", note="已核查")
    with django_capture_on_commit_callbacks(execute=True):
        clue_reply(actor=Actor.of(cw.manager), clue=clue, content="经核查属实，已责令改正。")
    page = Client().post(TRACK, {"code": code}).content.decode()
    assert "已办结" in page
    assert "经核查属实，已责令改正。" in page
    assert "满意度评价" in page
    assert REPORTER["name"] not in page
    assert REPORTER["phone"] not in page
    assert "138****8000" in page
    rated = Client().post(reverse("complaints:rate"), {"code": code, "rating": "5", "comment": "很满意"})
    assert rated.status_code == 200
    assert "感谢您的评价" in rated.content.decode()
    assert Complaint.objects.get().rating == 5
    again = Client().post(reverse("complaints:rate"), {"code": code, "rating": "1"})
    assert again.status_code == 422
    assert "已评价" in again.content.decode()
    assert Complaint.objects.get().rating == 5


def test_the_district_layer_is_served_from_the_reference_data(cw: ComplaintWorld) -> None:
    response = Client().get(reverse("complaints:districts"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert "罗湖区" in {f["properties"]["name"] for f in data["features"]}


def _with_photo(cw: ComplaintWorld) -> ComplaintPhoto:
    _post(Client(), photos=[photo_upload()])
    return ComplaintPhoto.objects.get()


def test_officers_who_may_read_the_clue_see_its_photos_others_get_404(cw: ComplaintWorld) -> None:
    photo = _with_photo(cw)
    url = reverse("complaints:staff_photo", args=[photo.pk])
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    client = Client()
    client.force_login(cw.manager)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"  # type: ignore[attr-defined]
    outsider = Client()
    outsider.force_login(cw.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.get(reverse("complaints:staff_photo", args=[photo.pk + 99])).status_code == 404


def test_the_clue_page_shows_the_public_channel_and_the_rating(cw: ComplaintWorld) -> None:
    code = _code(_post(Client(), photos=[photo_upload()]))
    clue = clue_accept(actor=Actor.of(cw.approver), clue=Complaint.objects.get().clue)
    clue_close(actor=Actor.of(cw.manager), clue=clue, outcome="closed", note="已核查")
    Client().post(reverse("complaints:rate"), {"code": code, "rating": "2", "comment": "陈小明认为处理太慢"})
    officer = Client()
    officer.force_login(cw.approver)  # may see the clue, not its reporters
    html = officer.get(reverse("clues:detail", args=[clue.pk])).content.decode()
    assert "公众投诉" in html
    assert "网上投诉（公众服务平台）" in html
    assert "2 分（满分 5 分）" in html
    assert "×××认为处理太慢" in html
    assert "陈小明" not in html
    assert reverse("complaints:staff_photo", args=[ComplaintPhoto.objects.get().pk]) in html


def test_a_clue_registered_by_staff_has_no_public_block(cw: ComplaintWorld) -> None:
    from zhifa.clues.services import clue_register

    clue = clue_register(
        actor=Actor.of(cw.manager), organisation=cw.agency, channel="media", violation="无照经营"
    )
    officer = Client()
    officer.force_login(cw.manager)
    html = officer.get(reverse("clues:detail", args=[clue.pk])).content.decode()
    assert 'data-testid="public-complaint"' not in html
