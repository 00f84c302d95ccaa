"""SM3 digests and the SM2 signature of an issued document (ARCHITECTURE §5: the issued bytes are
SM3-hashed and SM2-signed). The signature covers a canonical manifest, so one changed byte of
either file, or of the number, type, organisation or time, invalidates it."""

from __future__ import annotations

from datetime import UTC

from django.core.files.storage import default_storage

from zhifa.core.audit import canonical_json
from zhifa.core.gm import installation_sm2_keypair, sm2_sign, sm2_verify, sm3_digest, sm3_hex

from ..models import Document


def manifest_bytes(document: Document) -> bytes:
    assert document.issued_at is not None
    return canonical_json(
        {
            "id": document.pk,
            "type": document.type_code,
            "number": document.number,
            "org": document.organisation_id,
            "issued_at": document.issued_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "pdf_sm3": document.pdf_sm3,
            "docx_sm3": document.docx_sm3,
        }
    ).encode("utf-8")


def sign_document(document: Document) -> None:
    pair = installation_sm2_keypair()
    document.signature = sm2_sign(
        pair.private_key, sm3_digest(manifest_bytes(document)), public_key_hex=pair.public_key
    )
    document.public_key = pair.public_key


def manifest_signature_valid(document: Document) -> bool:
    if not (document.signature and document.public_key and document.issued_at):
        return False
    return sm2_verify(document.public_key, sm3_digest(manifest_bytes(document)), document.signature)


def _file_sm3(name: str) -> str | None:
    if not name or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as fh:
        return sm3_hex(fh.read())


def document_signature_valid(document: Document) -> bool:
    """Re-hash the stored files and re-check the manifest signature."""
    if not manifest_signature_valid(document):
        return False
    return (
        _file_sm3(document.pdf_file) == document.pdf_sm3
        and _file_sm3(document.docx_file) == document.docx_sm3
    )


def document_verify_bytes(data: bytes) -> Document | None:
    """The issued (or voided) document whose PDF or .docx is exactly `data` and whose signature holds."""
    digest = sm3_hex(data)
    candidates = Document.objects.filter(pdf_sm3=digest) | Document.objects.filter(docx_sm3=digest)
    for document in candidates.exclude(status="draft").select_related("organisation"):
        if manifest_signature_valid(document):
            return document
    return None
