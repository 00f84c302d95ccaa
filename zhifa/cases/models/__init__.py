from .case import Case, CaseEvent, CaseHandler
from .config import CasePeriod, HearingThreshold, SummaryLimit
from .profile import IssuingProfile

__all__ = [
    "Case",
    "CaseEvent",
    "CaseHandler",
    "CasePeriod",
    "HearingThreshold",
    "IssuingProfile",
    "SummaryLimit",
]
