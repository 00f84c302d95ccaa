from .case import Case, CaseEvent, CaseHandler
from .config import CasePeriod, HearingThreshold, SummaryLimit

__all__ = [
    "Case",
    "CaseEvent",
    "CaseHandler",
    "CasePeriod",
    "HearingThreshold",
    "SummaryLimit",
]
