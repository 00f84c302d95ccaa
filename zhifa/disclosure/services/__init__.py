"""Writes of 执法公示. Import from here."""

from .collect import publication_collect, publication_take_down_expired
from .ending import (
    publication_mark_revoked,
    publication_repair,
    publication_source_revoked,
    publication_withdraw,
)
from .lifecycle import EDITABLE_FIELDS, publication_exempt, publication_publish, publication_update

__all__ = [
    "EDITABLE_FIELDS",
    "publication_collect",
    "publication_exempt",
    "publication_mark_revoked",
    "publication_publish",
    "publication_repair",
    "publication_source_revoked",
    "publication_take_down_expired",
    "publication_update",
    "publication_withdraw",
]
