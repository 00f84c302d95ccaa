from django.db import models


class RiskClass(models.TextChoices):
    """风险等级（红/黄/蓝），双随机抽取按等级加权。"""

    RED = "red", "红（高风险）"
    YELLOW = "yellow", "黄（中风险）"
    BLUE = "blue", "蓝（低风险）"


class TargetLibrary(models.TextChoices):
    """spec/02 §1.3.2 检查对象：全市检查对象库 / 各领域检查对象库。"""

    CITY = "city", "全市检查对象库"
    DOMAIN = "domain", "领域检查对象库"


class PlanKind(models.TextChoices):
    RANDOM = "random", "双随机一公开"
    SPECIAL = "special", "专项检查"
    ROUTINE = "routine", "日常检查"


class PlanState(models.TextChoices):
    DRAFT = "draft", "草拟"
    DRAWN = "drawn", "已抽取"
    DISPATCHED = "dispatched", "已派发"
    CLOSED = "closed", "已完成"


class InspectionState(models.TextChoices):
    ASSIGNED = "assigned", "待检查"
    IN_PROGRESS = "in_progress", "检查中"
    CLOSED = "closed", "已办结"
    CASE_OPENED = "case_opened", "已立案处理"
    CLUE_REGISTERED = "clue_opened", "已移交线索"
    CANCELLED = "cancelled", "已取消"


class ItemResult(models.TextChoices):
    PENDING = "pending", "未检查"
    PASS = "pass", "符合"
    FAIL = "fail", "不符合"
    NOT_APPLICABLE = "na", "不适用"


DEFAULT_RISK_WEIGHTS: dict[str, float] = {RiskClass.RED: 4.0, RiskClass.YELLOW: 2.0, RiskClass.BLUE: 1.0}
