"""Services of 行政强制 — measures (查封、扣押、冻结) and execution (行政强制执行): each write atomic and
audited, each statutory period a worklist row on its subject, each document issued inside the step
(RULES §2)."""

from .enforcement import (
    DECISION_APPROVAL,
    MAJOR_DECISION_APPROVAL,
    enforcement_demand,
    enforcement_request_decision,
    enforcement_start,
    enforcement_statement,
    register_enforcement_approvals,
)
from .enforcement_court import (
    enforcement_apply_to_court,
    enforcement_court_accept,
    enforcement_court_hearing,
    enforcement_court_ruling,
)
from .enforcement_steps import (
    SUSPEND_GROUNDS,
    TERMINATE_GROUNDS,
    enforcement_agree,
    enforcement_agreement_broken,
    enforcement_carry_out,
    enforcement_record_performance,
    enforcement_resume,
    enforcement_serve_decision,
    enforcement_substitute_demand,
    enforcement_substitute_immediately,
    enforcement_suspend,
    enforcement_terminate,
)
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
    "DECISION_APPROVAL",
    "EXTENSION_APPROVAL",
    "MAJOR_DECISION_APPROVAL",
    "MEASURE_APPROVAL",
    "SUSPEND_GROUNDS",
    "TERMINATE_GROUNDS",
    "enforcement_agree",
    "enforcement_agreement_broken",
    "enforcement_apply_to_court",
    "enforcement_carry_out",
    "enforcement_court_accept",
    "enforcement_court_hearing",
    "enforcement_court_ruling",
    "enforcement_demand",
    "enforcement_record_performance",
    "enforcement_request_decision",
    "enforcement_resume",
    "enforcement_serve_decision",
    "enforcement_start",
    "enforcement_statement",
    "enforcement_substitute_demand",
    "enforcement_substitute_immediately",
    "enforcement_suspend",
    "enforcement_terminate",
    "measure_extend",
    "measure_release",
    "measure_request",
    "measure_take_urgently",
    "measure_testing_end",
    "measure_testing_start",
    "register_coercion_approvals",
    "register_enforcement_approvals",
]
