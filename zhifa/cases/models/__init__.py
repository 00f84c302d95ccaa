from .case import Case, CaseEvent, CaseHandler
from .config import CasePeriod, FirstViolationEntry, HearingThreshold, SummaryLimit
from .profile import IssuingProfile

__all__ = [
    "Case",
    "CaseEvent",
    "CaseHandler",
    "CasePeriod",
    "FirstViolationEntry",
    "HearingThreshold",
    "IssuingProfile",
    "SummaryLimit",
]
