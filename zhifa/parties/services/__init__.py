"""Party services (writes). Keyword-only, typed, atomic, audited."""

from .bulk import party_bulk_create
from .identity import party_reveal_identity
from .registration import (
    duplicate_conflict,
    find_duplicate,
    party_get_or_register,
    party_merge,
    party_register,
    party_update,
)

__all__ = [
    "duplicate_conflict",
    "find_duplicate",
    "party_bulk_create",
    "party_get_or_register",
    "party_merge",
    "party_register",
    "party_reveal_identity",
    "party_update",
]
