"""The case QR code (body cameras, phones, file folders): it encodes only the absolute URL of the
subject's page (an id, no personal data). Scanning opens the page; login and the data-scope check
happen there, on the subject page itself."""

from __future__ import annotations

import io

from django.db import models
from django.http import HttpRequest
from django.urls import reverse

from zhifa.core.subjects import subject_kind, subject_label


def subject_path(subject: models.Model) -> str:
    """The subject's own page (its `url` hook), else its dossier page."""
    label = subject_label(subject)
    kind = subject_kind(label)
    if kind.url is not None:
        return kind.url(subject)
    return reverse("dossier:detail", args=[label, subject.pk])


def subject_qr_payload(request: HttpRequest, subject: models.Model) -> str:
    return request.build_absolute_uri(subject_path(subject))


def qr_svg(payload: str, *, scale: int = 4) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(out, kind="svg", scale=scale, border=2, xmldecl=False)
    return out.getvalue()


def dossier_qr_url(subject: models.Model) -> str:
    """Path of the QR image, for <img src> on the case page."""
    return reverse("dossier:qr", args=[subject_label(subject), subject.pk])


def dossier_label_url(subject: models.Model) -> str:
    return reverse("dossier:label", args=[subject_label(subject), subject.pk])


def dossier_url(subject: models.Model) -> str:
    return reverse("dossier:detail", args=[subject_label(subject), subject.pk])
