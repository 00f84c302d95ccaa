"""Reads of publications: the public portal's (`public`) and the officers' (`officer`, scoped)."""

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
    "public_publication",
    "public_publications",
    "public_withdrawals",
]
