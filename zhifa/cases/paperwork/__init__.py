from .context import case_document_context, issuing_profile
from .issue import ACTION_PAPERS, case_service_input, issue_action_papers, latest_decision

__all__ = [
    "ACTION_PAPERS",
    "case_document_context",
    "case_service_input",
    "issue_action_papers",
    "issuing_profile",
    "latest_decision",
]
