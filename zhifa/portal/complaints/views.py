"""Public pages of complaints (no login, no cookies): the form, the one-time tracking code, the
status page with the reply and the satisfaction rating; the map's district layer; and, for
officers, the complaint's photos (authorised through the clue).

The public POSTs are csrf_exempt on purpose: they act for no logged-in user (there is no session a
forged request could ride on — a forger could as well submit directly), the rating needs the
secret tracking code, and CSRF's cookie would be the site's only cookie. Abuse is held off by the
signed time token, the honeypot and the per-IP limits (antiabuse.py)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhifa.clues.choices import ReplyChannel
from zhifa.core.audit import Actor
from zhifa.core.errors import ApplicationError, NotFound, PermissionDenied
from zhifa.core.subjects import access_subject

from . import antiabuse, services
from .choices import ComplaintSource
from .geo import geojson_bytes
from .models import ComplaintPhoto, ComplaintService
from .photos import check_photos, max_bytes, max_photos
from .selectors import active_services, complaint_by_tracking_code, tracking_view

CONSENT_VERSION = "2026-01"
# The error summary lists problems in the order of the form's fields.
FIELD_ORDER = (
    "service",
    "description",
    "address",
    "lat",
    "photos",
    "phone",
    "email",
    "reply_channel",
    "consent",
)
REPLY_CHOICES = [
    (ReplyChannel.PORTAL.value, "凭跟踪码网上查询"),
    (ReplyChannel.SMS.value, "短信"),
    (ReplyChannel.EMAIL.value, "电子邮件"),
]


def public_actor(request: HttpRequest, label: str = "public:web") -> Actor:
    return Actor(id=None, label=label, ip=antiabuse.client_ip(request))


def _decimal(value: str) -> Decimal | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return Decimal(value).quantize(Decimal("0.000001"))
    except InvalidOperation:
        return None


def _form_context(
    form: dict[str, Any], errors: dict[str, list[str]] | None = None, message: str = ""
) -> dict[str, Any]:
    return {
        "form": form,
        "errors": errors or {},
        "message": message,
        "services": active_services(),
        "token": antiabuse.issue_form_token(),
        "honeypot": antiabuse.HONEYPOT_FIELD,
        "reply_choices": REPLY_CHOICES,
        "max_photos": max_photos(),
        "max_mb": max_bytes() // (1024 * 1024),
        "nav": "form",
    }


def _render_form(
    request: HttpRequest, form: dict[str, Any], status: int = 200, **kwargs: Any
) -> HttpResponse:
    if kwargs.get("errors"):
        rank = {name: i for i, name in enumerate(FIELD_ORDER)}
        kwargs["errors"] = dict(sorted(kwargs["errors"].items(), key=lambda kv: rank.get(kv[0], len(rank))))
    response = render(request, "complaints/form.html", _form_context(form, **kwargs), status=status)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def complaint_form(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render_form(request, {"reply_channel": ReplyChannel.PORTAL.value})
    form = request.POST.dict()
    if antiabuse.rate_limited(request, "submit"):
        return _render_form(request, form, 429, message="提交过于频繁，请稍后再试")
    if antiabuse.honeypot_filled(form):
        return _render_form(request, {}, 400, message="提交失败，请刷新页面后重试")
    check = antiabuse.check_form_token(form.get("form_token", ""))
    if not check.ok:
        return _render_form(request, form, 400, message=check.reason)
    errors: dict[str, list[str]] = {}
    if not form.get("consent"):
        errors["consent"] = ["请阅读并同意个人信息处理说明"]
    service = ComplaintService.objects.filter(code=form.get("service", ""), is_active=True).first()
    if service is None:
        errors["service"] = ["请选择投诉类别"]
    lat, lng = _decimal(form.get("lat", "")), _decimal(form.get("lng", ""))
    try:
        photos = check_photos(request.FILES.getlist("photos"))
    except ApplicationError as exc:
        errors["photos"] = [exc.message]
        photos = []
    anonymous = bool(form.get("anonymous"))
    contact = services.ContactInput(
        name=form.get("name", ""),
        phone=form.get("phone", ""),
        email=form.get("email", ""),
        anonymous=anonymous,
        reply_channel=form.get("reply_channel", ReplyChannel.PORTAL),
    )
    if errors or service is None:
        try:  # report every problem at once, not the category first and the rest later
            services.complaint_check(
                service=service,
                source=ComplaintSource.WEB,
                description=form.get("description", ""),
                lat=lat,
                lng=lng,
                address=form.get("address", ""),
                contact=contact,
            )
        except ApplicationError as exc:
            errors = {**exc.fields, **errors}
        return _render_form(request, form, 422, errors=errors, message="请修改标出的内容后再提交")
    try:
        submitted = services.complaint_submit(
            actor=public_actor(request),
            service=service,
            source=ComplaintSource.WEB,
            description=form.get("description", ""),
            lat=lat,
            lng=lng,
            address=form.get("address", ""),
            party_name=form.get("party_name", ""),
            contact=contact,
            photos=photos,
            consent_version=CONSENT_VERSION,
            mail_code_to=form.get("email", "").strip() if form.get("mail_code") and not anonymous else "",
            track_url=request.build_absolute_uri(reverse("complaints:track")),
        )
    except ApplicationError as exc:
        return _render_form(request, form, 422, errors=exc.fields, message=exc.message)
    mailed = bool(form.get("mail_code") and form.get("email") and not anonymous)
    context = {"code": submitted.display_code, "complaint": submitted.complaint, "mailed": mailed}
    response = render(request, "complaints/done.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@cache_control(public=True, max_age=86400)
def districts_geojson(request: HttpRequest) -> HttpResponse:
    return HttpResponse(geojson_bytes(), content_type="application/geo+json")


def _track_page(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    response = render(request, "complaints/track.html", {"nav": "track", **context}, status=status)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Enter the tracking code (POST: the code never appears in a URL, a log or a Referer)."""
    if request.method == "GET":
        return _track_page(request)
    if antiabuse.rate_limited(request, "track"):
        return _track_page(request, 429, message="查询过于频繁，请稍后再试")
    code = request.POST.get("code", "")
    complaint = complaint_by_tracking_code(code)
    if complaint is None:
        return _track_page(request, 404, message="未找到该跟踪码，请核对后重新输入", code=code)
    return _track_page(request, view=tracking_view(complaint), code=code)


@csrf_exempt
@never_cache
@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    if antiabuse.rate_limited(request, "track"):
        return _track_page(request, 429, message="操作过于频繁，请稍后再试")
    code = request.POST.get("code", "")
    complaint = complaint_by_tracking_code(code)
    if complaint is None:
        return _track_page(request, 404, message="未找到该跟踪码，请核对后重新输入")
    try:
        rating = int(request.POST.get("rating", "0") or 0)
    except ValueError:
        rating = 0
    try:
        complaint = services.complaint_rate(
            actor=public_actor(request, "public:tracking"),
            complaint=complaint,
            rating=rating,
            comment=request.POST.get("comment", ""),
        )
    except ApplicationError as exc:
        return _track_page(request, 422, view=tracking_view(complaint), code=code, message=exc.message)
    return _track_page(request, view=tracking_view(complaint), code=code, thanks=True)


def staff_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A complaint photo for a user who may read the clue (zhifa.core.subjects: "not found" and
    "not yours" are the same 404)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    photo = ComplaintPhoto.objects.select_related("complaint").filter(pk=pk).first()
    if photo is None:
        raise Http404("照片不存在")
    try:
        access_subject(request.user, "clues.clue", photo.complaint.clue_id)
    except (NotFound, PermissionDenied) as exc:
        raise Http404("照片不存在") from exc
    response = FileResponse(default_storage.open(photo.name, "rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
