from .assign import DEADLINE_RULE_CODE, clue_assign, clue_assign_officer, time_limit_rule
from .intake import (
    ACCEPTANCE_APPROVAL,
    ReporterInput,
    Suggestion,
    acceptance_finished,
    clue_accept,
    clue_apply_suggestion,
    clue_register,
    clue_reject,
    clue_screen,
    clue_submit,
)
from .merge import DuplicateCandidate, clue_duplicates, clue_merge
from .outcome import clue_close, clue_open_case, clue_open_inspection, clue_reply, deliver_reply
from .reporters import clue_reporters_for_user

__all__ = [
    "ACCEPTANCE_APPROVAL",
    "DEADLINE_RULE_CODE",
    "DuplicateCandidate",
    "ReporterInput",
    "Suggestion",
    "acceptance_finished",
    "clue_accept",
    "clue_apply_suggestion",
    "clue_assign",
    "clue_assign_officer",
    "clue_close",
    "clue_duplicates",
    "clue_merge",
    "clue_open_case",
    "clue_open_inspection",
    "clue_register",
    "clue_reject",
    "clue_reply",
    "clue_reporters_for_user",
    "clue_screen",
    "clue_submit",
    "deliver_reply",
    "time_limit_rule",
]
