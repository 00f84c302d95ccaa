from .approvals import ApprovalChain, ApprovalDecision, ApprovalRun, ApprovalStatus, DecisionKind
from .deadlines import (
    OPEN_STATES,
    Deadline,
    DeadlineAlertSetting,
    DeadlineExtension,
    DeadlineState,
    DeadlineSuspension,
    WorklistCalendarSeen,
)
from .tasks import Task, TaskStatus

__all__ = [
    "OPEN_STATES",
    "ApprovalChain",
    "ApprovalDecision",
    "ApprovalRun",
    "ApprovalStatus",
    "Deadline",
    "DeadlineAlertSetting",
    "DeadlineExtension",
    "DeadlineState",
    "DeadlineSuspension",
    "DecisionKind",
    "Task",
    "TaskStatus",
    "WorklistCalendarSeen",
]
