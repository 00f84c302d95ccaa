"""Code lists of the penalty case (GLOSSARY: case, summary_procedure, general_procedure …)."""

from __future__ import annotations

from django.db import models


class ProcedureKind(models.TextChoices):
    GENERAL = "general", "一般程序"
    SUMMARY = "summary", "简易程序"


class CaseState(models.TextChoices):
    REGISTERED = "registered", "登记"
    OPENING = "opening", "立案审批中"
    DECLINED = "declined", "不予立案"
    INVESTIGATING = "investigating", "调查取证"
    INVESTIGATION_CONCLUDED = "investigation_concluded", "调查终结"
    IN_REVIEW = "in_review", "审核中"
    REVIEWED = "reviewed", "审核通过"
    NOTIFIED = "notified", "已告知"
    HEARING_REQUESTED = "hearing_requested", "已申请听证"
    HEARING_SCHEDULED = "hearing_scheduled", "已通知听证"
    HEARING_HELD = "hearing_held", "已听证"
    DECIDING = "deciding", "决定审批中"
    DECIDED = "decided", "已决定"
    SERVED = "served", "已送达"
    EXECUTED = "executed", "执行完毕"
    CLOSING = "closing", "结案审批中"
    CLOSED = "closed", "已结案"
    ARCHIVED = "archived", "已归档"
    TRANSFERRED = "transferred", "已移送"
    WITHDRAWN = "withdrawn", "已撤案/终止"


OPEN_STATES = frozenset(
    set(CaseState.values) - {CaseState.DECLINED, CaseState.CLOSED, CaseState.ARCHIVED, CaseState.TRANSFERRED}
)


class Outcome(models.TextChoices):
    PENDING = "", "未决"
    PENALTY = "penalty", "给予行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    TRANSFER = "transfer", "移送"
    WITHDRAWN = "withdrawn", "撤案/终止"
    DECLINED = "declined", "不予立案"


class CaseSource(models.TextChoices):
    INSPECTION = "inspection", "监督检查"
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    REFERRAL = "referral", "移送"
    ASSIGNMENT = "assignment", "上级交办"
    DETECTION = "detection", "技术监控"
    OTHER = "other", "其他"


class HandlerRole(models.TextChoices):
    LEAD = "lead", "主办人"
    ASSIST = "assist", "协办人"


class Confidence(models.TextChoices):
    """RULES.md confidence tags: [secondary] and [unconfirmed] values are seeded but flagged."""

    STATUTE = "statute", "法定（已核对）"
    SECONDARY = "secondary", "二手来源（待法制审核确认）"
    UNCONFIRMED = "unconfirmed", "未确认（必须配置）"
