"""文书 pages: downloads and preview (authorised through the subject), the public verification page
(no login) and the 常用语 manage page. Thin: parse → selector → service → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zhifa.core.errors import NotFound, PermissionDenied, ValidationError
from zhifa.orgs.views.common import actor_of, guarded

from .models import Document, DocumentStatus, Phrase
from .permissions import DocumentPerm
from .presenters import public_summary
from .rendering import render_docx, render_html, resolve_document
from .selectors import document_by_token, document_for_user, phrases_for
from .services import (
    PHRASE_CATEGORIES,
    document_signature_valid,
    document_verify_bytes,
    phrase_create,
    phrase_delete,
)

MAX_VERIFY_UPLOAD = 30 * 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _document(request: HttpRequest, pk: int) -> Document:
    try:
        return document_for_user(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc


def _filename(document: Document, ext: str) -> str:
    return f"{document.title}{document.number}{ext}".replace("/", "-")


def _download(request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = _document(request, pk)
    if document.status == DocumentStatus.DRAFT:
        if kind == "pdf":
            raise Http404("草稿没有 PDF，请使用预览")
        content = render_docx(resolve_document(document.type_code, document.data))
        response = HttpResponse(content, content_type=DOCX_TYPE)
        quoted = _quote(_filename(document, ".docx"))
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quoted}"
        return response
    name = document.pdf_file if kind == "pdf" else document.docx_file
    if not name or not default_storage.exists(name):
        raise Http404("文件不存在")
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=kind == "docx",
        filename=_filename(document, "." + kind),
        content_type="application/pdf" if kind == "pdf" else DOCX_TYPE,
    )


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value)


def document_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _download(request, pk, "pdf")


def document_docx(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _download(request, pk, "docx")


def document_preview(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The draft as the PDF will look (same blocks, same stylesheet; browser fonts)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = _document(request, pk)
    html = render_html(resolve_document(document.type_code, document.data), embed_fonts=False)
    response = HttpResponse(html)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: anyone holding a copy checks it. Shows no party data (type, number, org, date only)."""
    try:
        document = document_by_token(token)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    summary = public_summary(document, valid=document_signature_valid(document))
    upload_result: dict[str, Any] | None = None
    if request.method == "POST":
        upload_result = _check_upload(request)
    return render(request, "documents/verify.html", {"doc": summary, "upload": upload_result})


@require_http_methods(["GET", "POST"])
def verify_upload(request: HttpRequest) -> HttpResponse:
    upload_result = _check_upload(request) if request.method == "POST" else None
    return render(request, "documents/verify.html", {"doc": None, "upload": upload_result})


def _check_upload(request: HttpRequest) -> dict[str, Any]:
    upload = request.FILES.get("file")
    if upload is None:
        return {"error": "请选择要核验的文件"}
    if upload.size and upload.size > MAX_VERIFY_UPLOAD:
        return {"error": "文件过大"}
    found = document_verify_bytes(upload.read())
    if found is None:
        return {"valid": False}
    return public_summary(found, valid=True)


@guarded(DocumentPerm.PHRASE_MANAGE)
@require_http_methods(["GET", "POST"])
def phrase_manage(request: HttpRequest) -> HttpResponseBase:
    user: Any = request.user
    if request.method == "POST":
        try:
            if request.POST.get("delete"):
                own = Phrase.objects.filter(organisation_id=user.organisation_id)
                phrase = own.filter(pk=_int(request.POST["delete"])).first()
                if phrase is None:
                    raise Http404()
                phrase_delete(actor=actor_of(request), phrase=phrase)
                messages.success(request, "常用语已删除")
            else:
                phrase_create(
                    actor=actor_of(request),
                    organisation=user.organisation,
                    category=request.POST.get("category", ""),
                    text=request.POST.get("text", ""),
                    order=_int(request.POST.get("order")),
                )
                messages.success(request, "常用语已添加")
        except ValidationError as exc:
            messages.error(request, exc.message)
        return redirect("documents:phrases")
    rows = Phrase.objects.filter(organisation_id=user.organisation_id).order_by("category", "order", "id")
    return render(
        request,
        "documents/phrase_manage.html",
        {
            "phrases": rows,
            "categories": PHRASE_CATEGORIES,
            "global_count": Phrase.objects.filter(organisation=None).count(),
        },
    )


def _int(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def phrase_options(request: HttpRequest) -> HttpResponse:
    """The <datalist> partial for a form field (htmx or include)."""
    if not request.user.is_authenticated:
        raise Http404()
    category = request.GET.get("category", "")
    return render(
        request,
        "documents/_phrases.html",
        {"phrases": phrases_for(request.user, category)[:200], "category": category},
    )
