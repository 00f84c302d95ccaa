"""Evidence pages: a subject's evidence list with the add form (phone camera capture), an item's
detail with previews and the custody timeline, and the authorised file responses.

Thin: parse → selector (authorises through the subject) → service → render. Files are never
served from MEDIA_URL: only through these views, after the subject's access check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.files.storage import default_storage
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST

from zhifa.core.errors import ApplicationError, NotFound, PermissionDenied
from zhifa.core.subjects import access_subject, subject_kind
from zhifa.orgs.views.common import actor_of

from .choices import MediaKind
from .forms import CustodyForm, EvidenceForm, ExcludeForm
from .models import Evidence, EvidenceFile
from .rules import ACCEPT_ATTRIBUTE, ACCEPTED_LABEL, detail_label, max_upload_bytes
from .selectors import (
    custody_events,
    custody_verify,
    evidence_access,
    evidence_file_access,
    evidence_for_subject,
)
from .services import (
    evidence_add,
    evidence_attach_file,
    evidence_custody_record,
    evidence_exclude,
    evidence_file_verify,
)

RANGE_CHUNK = 256 * 1024


def subject_view(view: Callable[..., Any]) -> Callable[..., Any]:
    """Login required; NotFound → 404 (also "not yours"), PermissionDenied → 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc

    return wrapper


def _can_write(user: Any, label: str, pk: Any) -> bool:
    try:
        access_subject(user, label, pk, write=True)
    except (NotFound, PermissionDenied):
        return False
    return True


def subject_organisation(subject: models.Model, user: Any) -> Any:
    """The organisation an item is recorded under: the subject's own, else the user's unit."""
    from zhifa.orgs.models import Organisation

    if isinstance(subject, Organisation):
        return subject
    return getattr(subject, "organisation", None) or user.organisation


def _subject_context(label: str, subject: models.Model) -> dict[str, Any]:
    kind = subject_kind(label)
    return {
        "subject": subject,
        "subject_type": label,
        "subject_name": kind.describe(subject),
        "subject_url": kind.url(subject) if kind.url else "",
    }


@subject_view
@require_http_methods(["GET", "POST"])
def evidence_list(request: HttpRequest, subject_type: str, subject_id: int) -> HttpResponse:
    subject = access_subject(request.user, subject_type, subject_id, write=request.method == "POST")
    form = EvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = evidence_add(
                actor=actor_of(request),
                user=request.user,  # type: ignore[arg-type]
                subject=subject,
                organisation=subject_organisation(subject, request.user),
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                source=data["source"],
                collected_at=data["collected_at"],
                place=data["place"],
                page_count=data["page_count"],
                is_original=data["is_original"],
                verified_against_original=data["verified_against_original"],
                details=form.details(),
                files=request.FILES.getlist("files"),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已登记证据{item.seq}：{item.title}")
            return redirect("evidence:list", subject_type=subject_type, subject_id=subject_id)
    context = {
        **_subject_context(subject_type, subject),
        "items": evidence_for_subject(subject),
        "form": form,
        "can_write": request.method == "POST" or _can_write(request.user, subject_type, subject_id),
        "accept": ACCEPT_ATTRIBUTE,
        "accepted_label": ACCEPTED_LABEL,
        "max_mb": max_upload_bytes() // (1024 * 1024),
    }
    return render(request, "evidence/evidence_list.html", context, status=400 if form.errors else 200)


def _detail_context(request: HttpRequest, item: Evidence, **extra: Any) -> dict[str, Any]:
    subject = access_subject(request.user, item.subject_type, item.subject_id)
    return {
        **_subject_context(item.subject_type, subject),
        "item": item,
        "files": list(item.files.order_by("id")),
        "details": [(detail_label(item.kind, k), v) for k, v in item.details.items()],
        "events": list(custody_events(item).select_related("actor")),
        "broken_event": custody_verify(item),
        "can_write": _can_write(request.user, item.subject_type, item.subject_id),
        "custody_form": extra.pop("custody_form", None) or CustodyForm(),
        "exclude_form": extra.pop("exclude_form", None) or ExcludeForm(),
        "accept": ACCEPT_ATTRIBUTE,
        "media": MediaKind,
        **extra,
    }


@subject_view
def evidence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = evidence_access(request.user, pk)
    return render(request, "evidence/evidence_detail.html", _detail_context(request, item))


@subject_view
@require_POST
def evidence_custody(request: HttpRequest, pk: int) -> HttpResponse:
    item = evidence_access(request.user, pk, write=True)
    form = CustodyForm(request.POST)
    if form.is_valid():
        try:
            evidence_custody_record(
                actor=actor_of(request),
                user=request.user,  # type: ignore[arg-type]
                evidence=item,
                **form.cleaned_data,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已登记保管环节：{form.action_label()}")
            return redirect("evidence:detail", pk=item.pk)
    context = _detail_context(request, item, custody_form=form)
    return render(request, "evidence/evidence_detail.html", context, status=400)


@subject_view
@require_POST
def evidence_files_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = evidence_access(request.user, pk, write=True)
    uploads = request.FILES.getlist("files")
    if not uploads:
        messages.error(request, "请选择要上传的文件")
    try:
        for upload in uploads:
            evidence_attach_file(actor=actor_of(request), user=request.user, evidence=item, file=upload)  # type: ignore[arg-type]
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if uploads:
            messages.success(request, f"已上传{len(uploads)}个文件")
    return redirect("evidence:detail", pk=item.pk)


@subject_view
@require_POST
def evidence_exclude_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = evidence_access(request.user, pk, write=True)
    form = ExcludeForm(request.POST)
    if form.is_valid():
        try:
            evidence_exclude(actor=actor_of(request), evidence=item, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已排除该证据（行政处罚法第四十六条第三款），不再列入证据清单")
            return redirect("evidence:detail", pk=item.pk)
    context = _detail_context(request, item, exclude_form=form)
    return render(request, "evidence/evidence_detail.html", context, status=400)


@subject_view
@require_POST
def evidence_file_check(request: HttpRequest, pk: int) -> HttpResponse:
    row = evidence_file_access(request.user, pk)
    if evidence_file_verify(row):
        messages.success(request, f"“{row.original_name}”校验通过：SM3 与上传时一致")
    else:
        messages.error(request, f"“{row.original_name}”校验失败：文件已被改动或丢失")
    return redirect("evidence:detail", pk=row.evidence_id)


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) of a single `Range: bytes=a-b` header, or None to send the whole file."""
    match = _RANGE.match(header.strip())
    if not match or size == 0 or match.group(1) == match.group(2) == "":
        return None
    first, last = match.group(1), match.group(2)
    if first == "":
        start, end = max(0, size - int(last)), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    if start > end or start >= size:
        raise ValueError("unsatisfiable")
    return start, end


def _stream(handle: Any, start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        while length > 0 and (chunk := handle.read(min(RANGE_CHUNK, length))):
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()


def _serve(request: HttpRequest, name: str, content_type: str, filename: str, size: int) -> HttpResponseBase:
    download = request.GET.get("download") == "1"
    try:
        span = _byte_range(request.headers.get("Range", ""), size)
    except ValueError:
        response416 = HttpResponse(status=416)
        response416["Content-Range"] = f"bytes */{size}"
        return response416
    try:
        handle = default_storage.open(name, "rb")
    except OSError as exc:
        raise Http404("文件不存在") from exc
    response: HttpResponseBase
    if span is None:
        response = FileResponse(handle, content_type=content_type, as_attachment=download, filename=filename)
    else:
        start, end = span
        response = StreamingHttpResponse(
            _stream(handle, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@xframe_options_sameorigin  # the detail page shows PDFs in an <iframe>
@subject_view
def evidence_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    row: EvidenceFile = evidence_file_access(request.user, pk)
    return _serve(request, str(row.file.name), row.content_type, row.original_name, row.size)


@subject_view
def evidence_file_preview(request: HttpRequest, pk: int) -> HttpResponseBase:
    row = evidence_file_access(request.user, pk)
    if not row.preview:
        raise Http404("该文件没有缩略图")
    name = str(row.preview.name)
    return _serve(request, name, "image/jpeg", f"preview-{row.pk}.jpg", default_storage.size(name))


def subject_evidence_url(subject_type: str, subject_id: int) -> str:
    return reverse("evidence:list", kwargs={"subject_type": subject_type, "subject_id": subject_id})
