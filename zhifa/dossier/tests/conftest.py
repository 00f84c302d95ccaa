"""Dossier tests attach to a stand-in subject (orgs.organisation), so the app is tested without the
cases app: read needs 执法主体查看, write needs 执法主体管理, both within the data scope."""

from __future__ import annotations

import io
import wave
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhifa.core import subjects
from zhifa.core.audit import Actor
from zhifa.core.gm import sm3_hex
from zhifa.orgs.models import Organisation
from zhifa.orgs.permissions import OrgPerm
from zhifa.orgs.scopes import access_object


def organisation_access(user: Any, pk: Any, *, write: bool = False) -> Organisation:
    perm = OrgPerm.ORGANISATION_MANAGE if write else OrgPerm.ORGANISATION_VIEW
    return access_object(
        Organisation.objects.all(),
        user=user,
        perm=perm,
        pk=pk,
        org_path="id",
        region_path="region_code",
        owner_path=None,
    )


@pytest.fixture(autouse=True)
def stand_in_subject(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subjects, "_SUBJECTS", dict(subjects._SUBJECTS))
    subjects.register_subject(
        "orgs.organisation", access=organisation_access, describe=lambda o: str(getattr(o, "name", o))
    )


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def blank_pdf(pages: int, size: tuple[float, float] = (595.28, 841.89)) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=size[0], height=size[1])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (400, 300), "teal").save(out, "JPEG", quality=80)
    return out.getvalue()


def wav_bytes(seconds: float = 0.2) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x01" * int(8000 * seconds))
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


class World:
    """owner: 单位管理员 + 机关负责人 of the city agency (reads and writes the subject `agency`,
    marks 典型案例); outsider: 单位管理员 of another agency (the subject is outside their scope)."""

    def __init__(self, org_world: Any, make_user: Any) -> None:
        self.subject = org_world.agency
        self.organisation = org_world.agency
        self.other_subject = org_world.agency_child
        self.owner = make_user(org_world.agency, "unit_admin", "agency_head")
        self.outsider = make_user(org_world.sibling, "unit_admin", "agency_head")
        self.actor = Actor.of(self.owner)

    def add_evidence(self, subject: Any = None, **kwargs: Any) -> Any:
        from zhifa.evidence.services import evidence_add

        params: dict[str, Any] = {
            "actor": self.actor,
            "user": self.owner,
            "subject": subject or self.subject,
            "organisation": self.organisation,
            "kind": "documentary",
            "title": "营业执照复印件",
        }
        params.update(kwargs)
        return evidence_add(**params)

    def fake_issued(self, type_code: str, *, pages: int = 1, subject: Any = None, number: str = "") -> Any:
        """An issued document row with a stored blank PDF (for types without an online template and
        to keep tests fast); real issuing is tested with documents.services.document_issue."""
        from zhifa.documents.models import Document, DocumentStatus
        from zhifa.documents.registry import document_type

        data = blank_pdf(pages)
        name = default_storage.save(f"private/documents/test/{type_code}.pdf", ContentFile(data))
        subject = subject or self.subject
        return Document.objects.create(
            subject_type="orgs.organisation",
            subject_id=subject.pk,
            organisation=self.organisation,
            region_code=self.organisation.region_code,
            type_code=type_code,
            title=document_type(type_code).name,
            status=DocumentStatus.ISSUED,
            number=number,
            issued_at=timezone.now(),
            issued_by=self.owner,
            pdf_file=name,
            pdf_sm3=sm3_hex(data),
            page_count=pages,
        )

    def issue(self, type_code: str, subject: Any = None) -> Any:
        from zhifa.documents.services import document_draft, document_issue
        from zhifa.documents.tests.factories import decision_context

        draft = document_draft(
            actor=self.actor,
            subject=subject or self.subject,
            organisation=self.organisation,
            type_code=type_code,
            data=decision_context(self.organisation),
        )
        return document_issue(actor=self.actor, document=draft)

    def serve(self, document: Any) -> Any:
        from zhifa.documents.services import document_serve

        return document_serve(
            actor=self.actor, document=document, method="direct", served_at=timezone.now(), recipient="王五"
        )


@pytest.fixture
def world(org_world: Any, make_user: Any) -> World:
    return World(org_world, make_user)
