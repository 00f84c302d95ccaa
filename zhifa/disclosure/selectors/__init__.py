"""Reads of publications: the public portal's (`public`) and the officers' (`officer`, scoped)."""

from .officer import (
    can_manage,
    publication_changes,
    publication_get_for_manage,
    publication_get_for_user,
    publication_list_for_user,
    source_url,
)
from .public import (
    PUBLIC_FIELDS,
    WITHDRAWAL_FIELDS,
    public_publication,
    public_publications,
    public_withdrawals,
)

__all__ = [
    "PUBLIC_FIELDS",
    "WITHDRAWAL_FIELDS",
    "can_manage",
    "public_publication",
    "public_publications",
    "public_withdrawals",
    "publication_changes",
    "publication_get_for_manage",
    "publication_get_for_user",
    "publication_list_for_user",
    "source_url",
]
