"""Public writes of the inspections app."""

from .draw import DrawResult, draw_compute, draw_replay, draw_verify, inspection_draw
from .execution import inspection_finish, inspection_record
from .plans import (
    inspection_create,
    plan_create,
    plan_dispatch,
    repeat_warnings,
    target_register,
    target_set_risk,
)

__all__ = [
    "DrawResult",
    "draw_compute",
    "draw_replay",
    "draw_verify",
    "inspection_create",
    "inspection_draw",
    "inspection_finish",
    "inspection_record",
    "plan_create",
    "plan_dispatch",
    "repeat_warnings",
    "target_register",
    "target_set_risk",
]
