"""Public writes of the inspections app."""

from .draw import DrawResult, draw_compute, draw_publish, draw_replay, draw_verify, inspection_draw
from .execution import inspection_capture, inspection_finish, inspection_record
from .planning import PlanInput, plan_create, plan_save
from .plans import (
    inspection_create,
    plan_dispatch,
    repeat_warnings,
    target_register,
    target_set_risk,
)
from .transfer import inspection_transfer_request

__all__ = [
    "DrawResult",
    "PlanInput",
    "draw_compute",
    "draw_publish",
    "draw_replay",
    "draw_verify",
    "inspection_capture",
    "inspection_create",
    "inspection_draw",
    "inspection_finish",
    "inspection_record",
    "inspection_transfer_request",
    "plan_create",
    "plan_dispatch",
    "plan_save",
    "repeat_warnings",
    "target_register",
    "target_set_risk",
]
