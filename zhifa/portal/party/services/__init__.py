"""Writes of the party portal. Import from here."""

from .access import (
    party_access_ensure,
    party_access_note,
    party_access_regenerate,
    party_actor,
    party_login,
    party_logout,
    party_session_check,
)
from .consent import party_consent_give, party_consent_withdraw, party_document_read
from .requests import (
    party_apply_deferral,
    party_apply_instalments,
    party_request_done,
    party_request_hearing,
    party_submit_statement,
)

__all__ = [
    "party_access_ensure",
    "party_access_note",
    "party_access_regenerate",
    "party_actor",
    "party_apply_deferral",
    "party_apply_instalments",
    "party_consent_give",
    "party_consent_withdraw",
    "party_document_read",
    "party_login",
    "party_logout",
    "party_request_done",
    "party_request_hearing",
    "party_session_check",
    "party_submit_statement",
]
