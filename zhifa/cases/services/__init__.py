from .party import case_party_request_hearing, case_party_statement
from .register import case_register
from .transition import case_available_actions, case_transition, case_transition_by_approval

__all__ = [
    "case_available_actions",
    "case_party_request_hearing",
    "case_party_statement",
    "case_register",
    "case_transition",
    "case_transition_by_approval",
]
