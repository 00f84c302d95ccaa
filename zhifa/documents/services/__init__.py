from .documents import document_draft, document_issue, document_update, document_void
from .phrases import CATEGORIES as PHRASE_CATEGORIES
from .phrases import phrase_create, phrase_delete
from .serving import document_serve
from .signing import document_signature_valid, document_verify_bytes

__all__ = [
    "PHRASE_CATEGORIES",
    "document_draft",
    "document_issue",
    "document_serve",
    "document_signature_valid",
    "document_update",
    "document_verify_bytes",
    "document_void",
    "phrase_create",
    "phrase_delete",
]
