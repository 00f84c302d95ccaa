from .audit import AuditChainHead, AuditEvent
from .base import TimeStampedModel, actor_field
from .calendar import CalendarSource, CalendarVersion, Holiday, HolidayKind, HolidayYear
from .keys import SigningKey
from .scheduler import ScheduledJobRun

__all__ = [
    "AuditChainHead",
    "AuditEvent",
    "CalendarSource",
    "CalendarVersion",
    "Holiday",
    "HolidayKind",
    "HolidayYear",
    "ScheduledJobRun",
    "SigningKey",
    "TimeStampedModel",
    "actor_field",
]
