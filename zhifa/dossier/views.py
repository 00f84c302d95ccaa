"""电子卷宗 pages: the dossier of a subject (both 卷内目录, gaps with links, downloads, archive
status, 典型案例), the QR image and its printable label, the 典型案例 list.

Thin: parse → access_subject (fetch and authorise; out of scope = 404) → selector/service → render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zhifa.core.errors import ApplicationError, NotFound, PermissionDenied
from zhifa.core.subjects import access_subject, subject_kind
from zhifa.orgs.scopes import has_perm
from zhifa.orgs.views.common import actor_of, guarded, paginate

from .gaps import dossier_gaps
from .hooks import requirements_for, subject_organisation
from .models import ModelCaseMark
from .permissions import DossierPerm
from .qr import dossier_qr_url, qr_svg, subject_qr_payload
from .rendering import dossier_bundle_pdf, dossier_sheet
from .selectors import (
    VOLUMES,
    dossier_archive_for,
    dossier_for_subject,
    model_case_mark_for,
    model_cases_for_user,
)
from .services import dossier_archive_valid, model_case_mark, model_case_unmark

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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


def _describe(label: str, subject: Any) -> tuple[str, str]:
    kind = subject_kind(label)
    return kind.describe(subject), (kind.url(subject) if kind.url else "")


@subject_view
@require_GET
def dossier_detail(request: HttpRequest, subject_type: str, subject_id: int) -> HttpResponse:
    subject = access_subject(request.user, subject_type, subject_id)
    dossier = dossier_for_subject(subject)
    need = requirements_for(subject)
    gaps = dossier_gaps(
        subject,
        required_codes=need.required_codes,
        outcome_facts=need.outcome_facts,
        satisfied_codes=need.satisfied_codes,
    )
    archive = dossier_archive_for(subject)
    name, subject_url = _describe(subject_type, subject)
    organisation = subject_organisation(subject)
    can_mark = organisation is not None and has_perm(request.user, DossierPerm.MODEL_CASE_MARK)
    return render(
        request,
        "dossier/dossier_detail.html",
        {
            "dossier": dossier,
            "gaps": gaps,
            "archive": archive,
            "archive_valid": dossier_archive_valid(archive) if archive else None,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "subject_name": name,
            "subject_url": subject_url,
            "qr_url": dossier_qr_url(subject),
            "model_case": model_case_mark_for(subject),
            "can_mark": can_mark,
        },
    )


def _filename(name: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(name)}"


@subject_view
@require_GET
def dossier_download(
    request: HttpRequest, subject_type: str, subject_id: int, volume: str, which: str, fmt: str
) -> HttpResponse:
    if (
        volume not in VOLUMES
        or which not in ("cover", "contents", "back", "bundle")
        or fmt not in ("pdf", "docx")
    ):
        raise NotFound()
    if which == "bundle" and fmt != "pdf":
        raise NotFound()
    subject = access_subject(request.user, subject_type, subject_id)
    if which == "bundle":
        content = dossier_bundle_pdf(subject, volume)
    else:
        dossier = dossier_for_subject(subject)
        content = dossier_sheet(which, dossier, volume, archive=dossier_archive_for(subject), fmt=fmt)
    labels = {"cover": "卷宗封面", "contents": "卷内目录", "back": "备考表", "bundle": "卷宗"}
    name = f"{labels[which]}（{VOLUMES[volume]}）.{fmt}"
    response = HttpResponse(content, content_type="application/pdf" if fmt == "pdf" else DOCX_TYPE)
    response["Content-Disposition"] = _filename(name)
    return response


@subject_view
@require_GET
def dossier_qr(request: HttpRequest, subject_type: str, subject_id: int) -> HttpResponse:
    subject = access_subject(request.user, subject_type, subject_id)
    response = HttpResponse(qr_svg(subject_qr_payload(request, subject)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@subject_view
@require_GET
def dossier_label(request: HttpRequest, subject_type: str, subject_id: int) -> HttpResponse:
    """A 60×40 mm sticker: the subject's number and its QR (print from the browser)."""
    subject = access_subject(request.user, subject_type, subject_id)
    name, _ = _describe(subject_type, subject)
    number = str(getattr(subject, "number", "") or name)
    svg = qr_svg(subject_qr_payload(request, subject), scale=3).decode("utf-8")
    archive = dossier_archive_for(subject)
    return render(
        request,
        "dossier/label.html",
        {"number": number, "name": name, "svg": svg, "archive": archive},
    )


@subject_view
@require_POST
def model_case_mark_view(request: HttpRequest, subject_type: str, subject_id: int) -> HttpResponse:
    subject = access_subject(request.user, subject_type, subject_id)
    organisation = subject_organisation(subject)
    target = redirect("dossier:detail", subject_type, subject_id)
    if organisation is None:
        raise NotFound()
    try:
        if request.POST.get("action") == "unmark":
            mark = model_case_mark_for(subject)
            if mark is None:
                raise NotFound("该案件未标注为典型案例")
            model_case_unmark(
                actor=actor_of(request), user=request.user, mark=mark, reason=request.POST.get("reason", "")
            )
            messages.success(request, "已撤销典型案例标注")
        else:
            tags = [t for t in request.POST.get("tags", "").replace("，", ",").split(",") if t.strip()]
            model_case_mark(
                actor=actor_of(request),
                user=request.user,
                subject=subject,
                organisation=organisation,
                reason=request.POST.get("reason", ""),
                summary=request.POST.get("summary", ""),
                domain=request.POST.get("domain", ""),
                tags=tags,
            )
            messages.success(request, "已标注为典型案例")
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return target


@guarded(DossierPerm.MODEL_CASE_VIEW)
@require_GET
def model_case_list(request: HttpRequest) -> HttpResponse:
    rows = model_cases_for_user(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(title__icontains=q) | rows.filter(domain__icontains=q)
    page = paginate(request, rows)
    rows_out = [
        {"mark": mark, "url": reverse("dossier:detail", args=[mark.subject_type, mark.subject_id])}
        for mark in page
        if isinstance(mark, ModelCaseMark)
    ]
    return render(request, "dossier/model_case_list.html", {"page": page, "rows": rows_out, "q": q})
