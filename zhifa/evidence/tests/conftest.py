"""Evidence tests attach to a stand-in subject (orgs.organisation), so the app is tested without
the cases app: read needs 执法主体查看, write needs 执法主体管理, both within the data scope."""

from __future__ import annotations

import io
import wave
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhifa.core import subjects
from zhifa.core.audit import Actor
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
    subjects.register_subject("orgs.organisation", access=organisation_access, describe=str)


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def jpeg_bytes(size: tuple[int, int] = (800, 600), color: str = "teal") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", quality=85)
    return out.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def wav_bytes(seconds: float = 0.2) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x01" * int(8000 * seconds))
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def world(org_world: Any, make_user: Any) -> Any:
    """owner: 单位管理员 of the city agency (may read and write the subject `agency`);
    outsider: 单位管理员 of another agency (the subject is outside their scope)."""

    class World:
        subject = org_world.agency
        organisation = org_world.agency
        owner = make_user(org_world.agency, "unit_admin")
        outsider = make_user(org_world.sibling, "unit_admin")
        other_subject = org_world.agency_child

    w = World()
    w.actor = Actor.of(w.owner)  # type: ignore[attr-defined]
    return w


@pytest.fixture
def add_evidence(world: Any) -> Any:
    from zhifa.evidence.services import evidence_add

    def _add(**kwargs: Any) -> Any:
        params: dict[str, Any] = {
            "actor": world.actor,
            "user": world.owner,
            "subject": world.subject,
            "organisation": world.organisation,
            "kind": "documentary",
            "title": "营业执照复印件",
        }
        params.update(kwargs)
        return evidence_add(**params)

    return _add
