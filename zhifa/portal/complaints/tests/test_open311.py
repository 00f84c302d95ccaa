"""Open311 GeoReport v2 conformance (https://wiki.open311.org/GeoReport_v2): every endpoint in XML
(parsed with xml.etree, element names and order as the specification writes them) and JSON; errors
in the specification's format with matching HTTP codes; requests become clues; GET never shows who
reported."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from zhifa.clues.models import Clue, ClueReporter
from zhifa.clues.services import clue_accept, clue_assign, clue_close, clue_reply
from zhifa.core.audit import Actor
from zhifa.portal.complaints.models import Complaint, ComplaintPhoto, Open311Client
from zhifa.portal.complaints.rules import parse_iso8601
from zhifa.portal.complaints.services import open311_client_issue_key

from .conftest import ComplaintWorld, photo_upload

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
REQUEST_ELEMENTS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
SERVICE_ELEMENTS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
CALLER: dict[str, Any] = {
    "first_name": "小明",
    "last_name": "陈",
    "phone": "13800138000",
    "email": "chen@example.com",
}


def xml(response: Any) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 — our own response under test


def as_json(response: Any) -> Any:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content.decode("utf-8"))


def tags(element: ET.Element) -> list[str]:
    return [child.tag for child in element]


def post(cw: ComplaintWorld, fmt: str = "xml", **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "api_key": cw.api_key,
        "jurisdiction_id": "440300",
        "service_code": "food_safety",
        "lat": "22.547000",
        "long": "114.120000",
        "address_string": "罗湖区东门街道测试路1号",
        "description": "市民来电反映：东门某食品店销售过期牛奶",
        "attribute[venue]": "shop",
        "device_id": "hotline-seat-07",
        "account_id": "caller-991",
        **CALLER,
    }
    data.update(overrides)
    return Client().post(f"{BASE}/requests.{fmt}", {k: v for k, v in data.items() if v is not None})


def assert_errors(response: Any, code: int, fmt: str, contains: str = "") -> None:
    assert response.status_code == code
    if fmt == "xml":
        root = xml(response)
        assert root.tag == "errors"
        errors = root.findall("error")
        assert errors
        assert all(tags(e) == ["code", "description"] for e in errors)
        assert errors[0].findtext("code") == str(code)
        text = " ".join(e.findtext("description") or "" for e in errors)
    else:
        body = as_json(response)
        assert isinstance(body, list)
        assert body
        assert all(set(e) == {"code", "description"} for e in body)
        assert body[0]["code"] == code
        text = " ".join(e["description"] for e in body)
    assert contains in text


# --- discovery, services ------------------------------------------------------------------------


def test_discovery_xml_lists_the_endpoint_with_its_formats(cw: ComplaintWorld) -> None:
    root = xml(Client().get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert tags(root) == ["changeset", "contact", "key_service", "endpoints"]
    assert parse_iso8601(root.findtext("changeset") or "") is not None
    (endpoint,) = root.find("endpoints").findall("endpoint")  # type: ignore[union-attr]
    assert tags(endpoint) == ["specification", "url", "changeset", "type", "formats"]
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint.findtext("url") == "http://testserver/open311/v2"
    assert endpoint.findtext("type") == "production"
    assert [f.text for f in endpoint.find("formats").findall("format")] == ["text/xml", "application/json"]  # type: ignore[union-attr]


def test_discovery_json(cw: ComplaintWorld) -> None:
    body = as_json(Client().get(f"{BASE}/discovery.json"))
    assert set(body) == {"changeset", "contact", "key_service", "endpoints"}
    assert body["endpoints"][0]["formats"] == ["text/xml", "application/json"]


def test_the_root_points_at_discovery(cw: ComplaintWorld) -> None:
    response = Client().get(f"{BASE}/")
    assert response.status_code == 302
    assert response["Location"].endswith("discovery.xml")


def test_service_list_in_both_formats(cw: ComplaintWorld) -> None:
    root = xml(Client().get(f"{BASE}/services.xml", {"jurisdiction_id": "440300"}))
    assert root.tag == "services"
    (service,) = root.findall("service")
    assert tags(service) == SERVICE_ELEMENTS
    assert service.findtext("service_code") == "food_safety"
    assert service.findtext("service_name") == "食品安全"
    assert service.findtext("metadata") == "true"
    assert service.findtext("type") == "realtime"
    assert service.findtext("group") == "市场监管"
    body = as_json(Client().get(f"{BASE}/services.json"))
    assert body == [
        {
            "service_code": "food_safety",
            "service_name": "食品安全",
            "description": "销售过期变质食品、无证生产经营食品等",
            "metadata": True,
            "type": "realtime",
            "keywords": "食品, 过期, 餐饮",
            "group": "市场监管",
        }
    ]


def test_inactive_services_are_not_listed(cw: ComplaintWorld) -> None:
    cw.service.is_active = False
    cw.service.save(update_fields=["is_active"])
    assert xml(Client().get(f"{BASE}/services.xml")).findall("service") == []
    assert_errors(Client().get(f"{BASE}/services/food_safety.xml"), 404, "xml", "service_code")


def test_service_definition_lists_the_attributes_in_both_formats(cw: ComplaintWorld) -> None:
    root = xml(Client().get(f"{BASE}/services/food_safety.xml"))
    assert root.tag == "service_definition"
    assert tags(root) == ["service_code", "attributes"]
    (attribute,) = root.find("attributes").findall("attribute")  # type: ignore[union-attr]
    assert tags(attribute) == [
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    ]
    assert attribute.findtext("variable") == "true"
    assert attribute.findtext("required") == "false"
    values = attribute.find("values").findall("value")  # type: ignore[union-attr]
    assert [(tags(v), v.findtext("key"), v.findtext("name")) for v in values] == [
        (["key", "name"], "shop", "商店"),
        (["key", "name"], "restaurant", "餐馆"),
    ]
    body = as_json(Client().get(f"{BASE}/services/food_safety.json"))
    assert body["service_code"] == "food_safety"
    assert body["attributes"][0]["values"] == [
        {"key": "shop", "name": "商店"},
        {"key": "restaurant", "name": "餐馆"},
    ]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_an_unknown_service_code_is_404_in_the_error_format(cw: ComplaintWorld, fmt: str) -> None:
    assert_errors(Client().get(f"{BASE}/services/nope.{fmt}"), 404, fmt, "service_code")


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_foreign_jurisdiction_is_404(cw: ComplaintWorld, fmt: str) -> None:
    assert_errors(
        Client().get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "110000"}), 404, fmt, "jurisdiction_id"
    )
    assert_errors(post(cw, fmt, jurisdiction_id="sfgov.org"), 404, fmt, "jurisdiction_id")
    assert Clue.objects.count() == 0


def test_an_unknown_format_is_refused(cw: ComplaintWorld) -> None:
    assert_errors(Client().get(f"{BASE}/services.html"), 404, "xml", "格式")


# --- POST requests ------------------------------------------------------------------------------


def test_post_xml_creates_a_hotline_clue_and_returns_the_service_request_id(cw: ComplaintWorld) -> None:
    root = xml(post(cw, "xml"))
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert tags(request) == ["service_request_id", "service_notice", "account_id"]
    complaint = Complaint.objects.get()
    assert request.findtext("service_request_id") == str(complaint.pk)
    assert request.findtext("service_notice") == cw.service.service_notice
    assert request.findtext("account_id") == "caller-991"
    clue = complaint.clue
    assert (clue.channel, clue.organisation, clue.state) == ("hotline_12345", cw.agency, "registered")
    assert "场所类型：商店" in clue.content
    assert (complaint.source, complaint.client, complaint.device_id) == (
        "open311",
        cw.client,
        "hotline-seat-07",
    )
    reporter = ClueReporter.objects.get()
    assert (reporter.name, reporter.phone, reporter.email, reporter.channel) == (
        "陈小明",
        "13800138000",
        "chen@example.com",
        "email",
    )
    cw.client.refresh_from_db()
    assert cw.client.last_used_at is not None


def test_post_json_and_a_client_on_another_channel(cw: ComplaintWorld) -> None:
    cw.client.clue_channel = "report"
    cw.client.save(update_fields=["clue_channel"])
    body = as_json(post(cw, "json", **dict.fromkeys(CALLER)))
    assert body == [
        {
            "service_request_id": str(Complaint.objects.get().pk),
            "service_notice": cw.service.service_notice,
            "account_id": "caller-991",
        }
    ]
    clue = Clue.objects.get()
    assert clue.channel == "report"
    assert ClueReporter.objects.get().anonymous is True


def test_a_batch_service_answers_with_a_token_resolved_through_tokens(cw: ComplaintWorld) -> None:
    cw.service.service_type = "batch"
    cw.service.save(update_fields=["service_type"])
    (request,) = xml(post(cw)).findall("request")
    assert tags(request) == ["token", "service_notice", "account_id"]
    token = request.findtext("token")
    complaint = Complaint.objects.get()
    assert token == complaint.token
    root = xml(Client().get(f"{BASE}/tokens/{token}.xml"))
    (found,) = root.findall("request")
    assert tags(found) == ["service_request_id", "token"]
    assert (found.findtext("service_request_id"), found.findtext("token")) == (str(complaint.pk), token)
    assert as_json(Client().get(f"{BASE}/tokens/{token}.json")) == [
        {"service_request_id": str(complaint.pk), "token": token}
    ]
    assert_errors(Client().get(f"{BASE}/tokens/nope.json"), 404, "json", "token")


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_post_without_a_valid_api_key_is_403(cw: ComplaintWorld, fmt: str) -> None:
    assert_errors(post(cw, fmt, api_key=None), 403, fmt, "api_key")
    assert_errors(post(cw, fmt, api_key="zf311_guess"), 403, fmt, "api_key")
    cw.client.is_active = False
    cw.client.save(update_fields=["is_active"])
    assert_errors(post(cw, fmt), 403, fmt, "api_key")
    assert Clue.objects.count() == 0


def test_a_new_key_retires_the_old_one(cw: ComplaintWorld) -> None:
    new = open311_client_issue_key(actor=Actor.system("test"), client=cw.client)
    assert_errors(post(cw), 403, "xml", "api_key")
    assert post(cw, api_key=new).status_code == 200
    stored = Open311Client.objects.values_list("key_hash", "key_prefix").get()
    assert new not in stored
    assert stored[1] == new[:10]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_post_errors_name_what_is_missing(cw: ComplaintWorld, fmt: str) -> None:
    assert_errors(post(cw, fmt, service_code=None), 400, fmt, "service_code")
    assert_errors(post(cw, fmt, service_code="nope"), 404, fmt, "service_code")
    assert_errors(post(cw, fmt, lat=None, long=None, address_string=None), 400, fmt, "lat")
    assert_errors(post(cw, fmt, lat="north"), 400, fmt, "lat")
    assert_errors(post(cw, fmt, **{"attribute[venue]": "palace"}), 400, fmt, "attribute[venue]")
    assert_errors(post(cw, fmt, lat="39.900000", long="116.400000"), 400, fmt, "受理范围")
    assert_errors(post(cw, fmt, media_url="ftp://x"), 400, fmt, "media_url")
    assert Clue.objects.count() == 0


def test_a_required_attribute_must_be_given(cw: ComplaintWorld) -> None:
    cw.service.attributes = [{**cw.service.attributes[0], "required": True}]
    cw.service.save(update_fields=["attributes"])
    unanswered: dict[str, Any] = {"attribute[venue]": None}
    assert_errors(post(cw, **unanswered), 400, "xml", "attribute[venue] 为必填项")


def test_media_may_be_a_link_or_an_uploaded_photo(cw: ComplaintWorld) -> None:
    post(cw, media_url="https://app.example.com/m/1.jpg", media=photo_upload())
    complaint = Complaint.objects.get()
    assert complaint.media_url == "https://app.example.com/m/1.jpg"
    assert ComplaintPhoto.objects.filter(complaint=complaint).count() == 1


# --- GET requests -------------------------------------------------------------------------------


def _request_xml(root: ET.Element) -> dict[str, str]:
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert tags(request) == REQUEST_ELEMENTS
    return {child.tag: child.text or "" for child in request}


def test_get_one_request_hides_the_reporter_and_the_details_from_the_public(cw: ComplaintWorld) -> None:
    post(cw)
    complaint = Complaint.objects.get()
    for fmt in ("xml", "json"):
        response = Client().get(f"{BASE}/requests/{complaint.pk}.{fmt}", {"jurisdiction_id": "440300"})
        text = response.content.decode()
        for mark in (
            "陈小明",
            "小明",
            "13800138000",
            "chen@example.com",
            "测试路1号",
            "过期牛奶",
            "caller-991",
        ):
            assert mark not in text
    item = _request_xml(xml(Client().get(f"{BASE}/requests/{complaint.pk}.xml")))
    assert item["service_request_id"] == str(complaint.pk)
    assert (item["status"], item["status_notes"]) == ("open", "受理中")
    assert (item["service_name"], item["service_code"]) == ("食品安全", "food_safety")
    assert item["description"] == ""
    assert item["media_url"] == ""
    assert item["agency_responsible"] == cw.agency.name
    assert item["service_notice"] == cw.service.service_notice
    assert item["address"] == "罗湖区"
    assert (item["lat"], item["long"]) == ("22.547", "114.12")
    requested = parse_iso8601(item["requested_datetime"])
    assert requested is not None
    assert requested == complaint.created_at.replace(microsecond=0)
    assert item["requested_datetime"].endswith("+08:00")
    assert parse_iso8601(item["updated_datetime"]) is not None
    assert parse_iso8601(item["expected_datetime"]) is not None  # from the configured time limit


def test_the_submitting_client_reads_its_own_request_in_full_with_the_reply_as_status_notes(
    cw: ComplaintWorld, django_capture_on_commit_callbacks: Any
) -> None:
    post(cw, description="市民陈小明（13800138000）来电反映：东门某店销售过期牛奶")
    complaint = Complaint.objects.get()
    clue = clue_accept(actor=Actor.of(cw.approver), clue=complaint.clue)
    with django_capture_on_commit_callbacks(execute=True):
        clue_reply(actor=Actor.of(cw.manager), clue=clue, content="已受理，正在核查。")
    mine = as_json(Client().get(f"{BASE}/requests/{complaint.pk}.json", {"api_key": cw.api_key}))[0]
    assert list(mine) == REQUEST_ELEMENTS
    assert mine["status_notes"] == "已受理，正在核查。"
    assert "过期牛奶" in mine["description"]
    assert "陈小明" not in mine["description"]
    assert "13800138000" not in mine["description"]
    assert mine["address"] == "罗湖区东门街道测试路1号"
    assert (mine["lat"], mine["long"]) == (22.547, 114.12)
    other = Open311Client.objects.create(name="网格系统")
    other_key = open311_client_issue_key(actor=Actor.system("test"), client=other)
    theirs = as_json(Client().get(f"{BASE}/requests/{complaint.pk}.json", {"api_key": other_key}))[0]
    assert theirs["description"] == ""
    assert theirs["status_notes"] == "已受理"
    assert_errors(
        Client().get(f"{BASE}/requests/{complaint.pk}.json", {"api_key": "bad"}), 403, "json", "api_key"
    )


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_an_unknown_request_is_404(cw: ComplaintWorld, fmt: str) -> None:
    assert_errors(Client().get(f"{BASE}/requests/999999.{fmt}"), 404, fmt, "service_request_id")
    assert_errors(Client().get(f"{BASE}/requests/abc.{fmt}"), 404, fmt, "service_request_id")
    assert_errors(Client().get(f"{BASE}/requests/{'9' * 30}.{fmt}"), 404, fmt, "service_request_id")
    assert_errors(Client().get(f"{BASE}/requests/١٢.{fmt}"), 404, fmt, "service_request_id")  # not ASCII
    assert _ids(Client().get(f"{BASE}/requests.{fmt}", {"service_request_id": "9" * 30})) == []


def _ids(response: Any) -> list[str]:
    if response["Content-Type"].startswith("text/xml"):
        return [r.findtext("service_request_id") or "" for r in xml(response).findall("request")]
    return [r["service_request_id"] for r in as_json(response)]


def test_get_requests_filters_by_id_list_code_status_and_dates(cw: ComplaintWorld) -> None:
    for _ in range(3):
        post(cw)
    a, b, c = Complaint.objects.order_by("pk")
    clue_close(
        actor=Actor.of(cw.manager),
        clue=clue_accept(actor=Actor.of(cw.approver), clue=a.clue),
        outcome="closed",
        note="x",
    )
    clue_assign(
        actor=Actor.of(cw.manager), clue=clue_accept(actor=Actor.of(cw.approver), clue=b.clue), unit=cw.child
    )
    get = Client().get
    for fmt in ("xml", "json"):
        url = f"{BASE}/requests.{fmt}"
        assert _ids(get(url)) == [str(c.pk), str(b.pk), str(a.pk)]  # newest first
        assert _ids(get(url, {"status": "closed"})) == [str(a.pk)]
        assert _ids(get(url, {"status": "open"})) == [str(c.pk), str(b.pk)]
        assert _ids(get(url, {"status": "open,closed"})) == [str(c.pk), str(b.pk), str(a.pk)]
        assert _ids(get(url, {"service_code": "food_safety,other"})) == [str(c.pk), str(b.pk), str(a.pk)]
        assert _ids(get(url, {"service_code": "other"})) == []
        # service_request_id overrides every other parameter
        assert _ids(get(url, {"service_request_id": f"{a.pk},{c.pk}", "status": "open"})) == [
            str(c.pk),
            str(a.pk),
        ]
        now = timezone.localtime()
        window = {
            "start_date": (now - timedelta(days=1)).isoformat(),
            "end_date": (now + timedelta(minutes=1)).isoformat(),
        }
        assert len(_ids(get(url, window))) == 3
        later = {"start_date": (now + timedelta(days=1)).isoformat()}
        assert _ids(get(url, later)) == []


def test_get_requests_defaults_to_the_last_90_days(cw: ComplaintWorld) -> None:
    post(cw)
    post(cw)
    old, recent = Complaint.objects.order_by("pk")
    Complaint.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))
    assert _ids(Client().get(f"{BASE}/requests.json")) == [str(recent.pk)]
    start = (timezone.now() - timedelta(days=100)).isoformat()
    assert _ids(Client().get(f"{BASE}/requests.json", {"start_date": start})) == [str(old.pk)]


def test_get_requests_is_capped(cw: ComplaintWorld, settings: Any) -> None:
    settings.ZHIFA_OPEN311 = {"max_requests": 2}
    for _ in range(3):
        post(cw)
    assert len(_ids(Client().get(f"{BASE}/requests.xml"))) == 2


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_get_requests_refuses_bad_filters(cw: ComplaintWorld, fmt: str) -> None:
    url = f"{BASE}/requests.{fmt}"
    assert_errors(Client().get(url, {"status": "pending"}), 400, fmt, "status")
    assert_errors(Client().get(url, {"start_date": "2026-05-01"}), 400, fmt, "start_date")
    assert_errors(Client().get(url, {"end_date": "2026-05-01T00:00:00"}), 400, fmt, "end_date")
    span = {"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-06-01T00:00:00+08:00"}
    assert_errors(Client().get(url, span), 400, fmt, "90")
    backwards = {"start_date": "2026-06-01T00:00:00+08:00", "end_date": "2026-05-01T00:00:00+08:00"}
    assert_errors(Client().get(url, backwards), 400, fmt, "start_date")


def test_a_closed_request_is_closed_and_a_web_complaint_is_listed_too(cw: ComplaintWorld) -> None:
    web = cw.submit().complaint
    clue_close(
        actor=Actor.of(cw.manager),
        clue=clue_accept(actor=Actor.of(cw.approver), clue=web.clue),
        outcome="closed",
        note="x",
    )
    item = _request_xml(xml(Client().get(f"{BASE}/requests/{web.pk}.xml")))
    assert (item["status"], item["status_notes"]) == ("closed", "已办结")
    assert item["expected_datetime"] == ""


def test_the_open311_endpoints_are_rate_limited_per_ip(cw: ComplaintWorld, settings: Any) -> None:
    settings.ZHIFA_COMPLAINT_RATE_LIMITS = {"open311": (2, 60)}
    client = Client()
    codes = [client.get(f"{BASE}/services.json").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_listing_requests_takes_the_same_few_queries_for_3_or_12_requests(cw: ComplaintWorld) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get(f"{BASE}/requests.json", {"api_key": cw.api_key}).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        post(cw)
    few = count()
    for _ in range(9):
        post(cw)
    many = count()
    assert few == many
    assert many <= 12
