"""Open311 GeoReport v2 endpoints (https://wiki.open311.org/GeoReport_v2), mounted at /open311/v2/:

    GET  discovery.{fmt}                      service discovery
    GET  services.{fmt}                       service list
    GET  services/{service_code}.{fmt}        service definition (attributes)
    POST requests.{fmt}                       create a service request (api_key required)
    GET  requests.{fmt}                       search service requests
    GET  requests/{service_request_id}.{fmt}  one service request
    GET  tokens/{token}.{fmt}                 service_request_id of a token

`fmt` is `xml` (required by the specification) or `json`. Every call accepts `jurisdiction_id`
(ours, or absent). Errors are the specification's `errors` document with the HTTP status as code.
A request becomes a clue through zhifa.clues (services.complaint_submit) on the client's channel
(12345热线 by default)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import wraps
from typing import Any

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from zhifa.core.audit import Actor
from zhifa.core.errors import ApplicationError

from . import antiabuse
from .choices import ComplaintSource, ServiceType
from .conf import open311_setting
from .models import Complaint, ComplaintService
from .open311_format import FORMATS, errors, respond
from .open311_requests import FilterError, find_request, find_requests, parse_filters, represent
from .photos import check_photos
from .rules import iso8601
from .selectors import open311_client_for_key
from .services import ContactInput, complaint_submit

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str) -> None:
        self.status = status
        self.descriptions = list(descriptions)
        super().__init__("; ".join(descriptions))


def endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Format check, per-IP limit, jurisdiction check; Open311Error → the errors document."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        if fmt not in FORMATS:
            return errors("xml", 404, [f"不支持的格式：{fmt}（仅 xml、json）"])
        if antiabuse.rate_limited(request, "open311"):
            return errors(fmt, 429, ["请求过于频繁，请稍后再试"])
        params = request.POST if request.method == "POST" else request.GET
        jurisdiction = (params.get("jurisdiction_id") or request.GET.get("jurisdiction_id") or "").strip()
        if jurisdiction and jurisdiction != str(open311_setting("jurisdiction_id")):
            return errors(fmt, 404, [f"jurisdiction_id 未找到：{jurisdiction}"])
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return errors(fmt, exc.status, exc.descriptions)

    return wrapper


def _changeset() -> str:
    latest = ComplaintService.objects.aggregate(at=Max("updated_at"))["at"]
    return iso8601(latest) if latest else str(open311_setting("changeset"))


@require_GET
@endpoint
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    changeset = _changeset()
    return respond(
        fmt,
        "discovery",
        {
            "changeset": changeset,
            "contact": open311_setting("contact"),
            "key_service": open311_setting("key_service"),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": request.build_absolute_uri(reverse("open311_root")).rstrip("/"),
                    "changeset": changeset,
                    "type": open311_setting("endpoint_type"),
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


def _service(service: ComplaintService) -> dict[str, Any]:
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.description,
        "metadata": bool(service.attributes),
        "type": service.service_type,
        "keywords": service.keywords,
        "group": service.group,
    }


@require_GET
@endpoint
def services_list(request: HttpRequest, *, fmt: str) -> HttpResponse:
    rows = ComplaintService.objects.filter(is_active=True).order_by("sort_order", "code")
    return respond(fmt, "services", [_service(s) for s in rows])


def _attribute(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "variable": item.get("variable", True) is not False,
        "code": str(item["code"]),
        "datatype": item["datatype"],
        "required": bool(item.get("required")),
        "datatype_description": str(item.get("datatype_description", "")),
        "order": int(item.get("order") or 0),
        "description": str(item.get("description", "")),
    }
    if item["datatype"] in ("singlevaluelist", "multivaluelist"):
        out["values"] = [{"key": str(v["key"]), "name": str(v["name"])} for v in item.get("values") or []]
    return out


@require_GET
@endpoint
def service_definition(request: HttpRequest, service_code: str, *, fmt: str) -> HttpResponse:
    service = ComplaintService.objects.filter(code=service_code, is_active=True).first()
    if service is None:
        raise Open311Error(404, f"service_code 未找到：{service_code}")
    attributes = sorted(
        service.attributes or [], key=lambda a: (int(a.get("order") or 0), str(a.get("code")))
    )
    return respond(
        fmt,
        "service_definition",
        {"service_code": service.code, "attributes": [_attribute(a) for a in attributes]},
    )


def _decimal(params: Any, name: str) -> Decimal | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        return Decimal(raw).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise Open311Error(400, f"{name} 须为数字（WGS84 经纬度）") from None


def _attributes(params: Any) -> dict[str, list[str]]:
    answers: dict[str, list[str]] = {}
    for key in params:
        match = ATTRIBUTE_KEY.match(key)
        if match:
            answers.setdefault(match.group(1), []).extend(params.getlist(key))
    return answers


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.POST
    client = open311_client_for_key(params.get("api_key") or request.GET.get("api_key", ""))
    if client is None:
        raise Open311Error(403, "api_key 缺失或无效，无法提交服务请求")
    code = (params.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "service_code 未提供")
    service = (
        ComplaintService.objects.select_related("receiving_unit").filter(code=code, is_active=True).first()
    )
    if service is None:
        raise Open311Error(404, f"service_code 未找到：{code}")
    lat, lng = _decimal(params, "lat"), _decimal(params, "long")
    if lat is None and lng is None and not params.get("address_string") and not params.get("address_id"):
        raise Open311Error(400, "须提供位置：lat 和 long，或 address_string，或 address_id")
    try:
        photos = check_photos(request.FILES.getlist("media"))
        name = f"{params.get('last_name', '').strip()}{params.get('first_name', '').strip()}"
        email, phone = params.get("email", "").strip(), params.get("phone", "").strip()
        submitted = complaint_submit(
            actor=Actor(id=None, label=f"open311:{client.pk}", ip=antiabuse.client_ip(request)),
            service=service,
            source=ComplaintSource.OPEN311,
            client=client,
            description=params.get("description", ""),
            lat=lat,
            lng=lng,
            address=params.get("address_string", ""),
            address_id=params.get("address_id", ""),
            contact=ContactInput(
                name=name,
                phone=phone,
                email=email,
                anonymous=not (name or phone or email),
                reply_channel="email" if email else "sms" if phone else "portal",
            ),
            photos=photos,
            attributes=_attributes(params),
            media_url=params.get("media_url", "").strip(),
            device_id=params.get("device_id", ""),
            account_id=params.get("account_id", ""),
            mail_code_to=email,
            track_url=request.build_absolute_uri(reverse("complaints:track")),
        )
    except ApplicationError as exc:
        messages = [m for msgs in exc.fields.values() for m in msgs] or [exc.message]
        raise Open311Error(400, *messages) from exc
    complaint = submitted.complaint
    identity = (
        {"token": complaint.token}
        if service.service_type == ServiceType.BATCH
        else {"service_request_id": complaint.service_request_id}
    )
    return respond(
        fmt,
        "service_requests",
        [{**identity, "service_notice": service.service_notice, "account_id": complaint.account_id or None}],
    )


def _requesting_client(request: HttpRequest) -> Any:
    key = request.GET.get("api_key", "")
    if not key:
        return None
    client = open311_client_for_key(key)
    if client is None:
        raise Open311Error(403, "api_key 无效")
    return client


@csrf_exempt  # an API authenticated by api_key, not by a session cookie
@require_http_methods(["GET", "POST"])
@endpoint
def requests_collection(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    try:
        filters = parse_filters(request.GET)
    except FilterError as exc:
        raise Open311Error(400, *exc.descriptions) from exc
    client = _requesting_client(request)
    return respond(fmt, "service_requests", represent(find_requests(filters), client=client))


@require_GET
@endpoint
def request_detail(request: HttpRequest, request_id: str, *, fmt: str) -> HttpResponse:
    complaint = find_request(request_id)
    if complaint is None:
        raise Open311Error(404, f"service_request_id 未找到：{request_id}")
    return respond(fmt, "service_requests", represent([complaint], client=_requesting_client(request)))


@require_GET
@endpoint
def token_detail(request: HttpRequest, token: str, *, fmt: str) -> HttpResponse:
    complaint = Complaint.objects.filter(token=token).only("pk", "token").first()
    if complaint is None:
        raise Open311Error(404, f"token 未找到：{token}")
    return respond(
        fmt,
        "service_requests",
        [{"service_request_id": complaint.service_request_id, "token": complaint.token}],
    )
