from .enforcement import (
    CourtOutcome,
    Enforcement,
    EnforcementKind,
    EnforcementRoute,
    EnforcementState,
    SubstituteState,
)
from .measures import OPEN_STATES, Measure, MeasureKind, MeasureState, ReleaseGround

__all__ = [
    "OPEN_STATES",
    "CourtOutcome",
    "Enforcement",
    "EnforcementKind",
    "EnforcementRoute",
    "EnforcementState",
    "Measure",
    "MeasureKind",
    "MeasureState",
    "ReleaseGround",
    "SubstituteState",
]
