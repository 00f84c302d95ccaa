"""Services of 行政强制措施 (查封、扣押、冻结): each write atomic and audited, each statutory period a
worklist row on the measure (RULES §2)."""

from .lifecycle import (
    measure_extend,
    measure_release,
    measure_testing_end,
    measure_testing_start,
)
from .measures import (
    EXTENSION_APPROVAL,
    MEASURE_APPROVAL,
    measure_request,
    measure_take_urgently,
    register_coercion_approvals,
)

__all__ = [
    "EXTENSION_APPROVAL",
    "MEASURE_APPROVAL",
    "measure_extend",
    "measure_release",
    "measure_request",
    "measure_take_urgently",
    "measure_testing_end",
    "measure_testing_start",
    "register_coercion_approvals",
]
