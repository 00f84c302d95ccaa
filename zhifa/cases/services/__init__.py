from .register import case_register
from .transition import case_available_actions, case_transition, case_transition_by_approval

__all__ = ["case_available_actions", "case_register", "case_transition", "case_transition_by_approval"]
