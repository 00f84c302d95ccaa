from .case import Case, CaseEvent, CaseHandler, CaseNumberSequence
from .config import CasePeriod, HearingThreshold, SummaryLimit

__all__ = [
    "Case",
    "CaseEvent",
    "CaseHandler",
    "CaseNumberSequence",
    "CasePeriod",
    "HearingThreshold",
    "SummaryLimit",
]
