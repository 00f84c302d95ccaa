"""Pure rules of clue intake: distance, duplicate matching, screening conditions, time limits."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)

# 市场监督管理行政处罚程序规定 第十八条：自发现线索或者收到材料之日起十五个工作日内予以核查，
# 由市场监督管理部门负责人决定是否立案 (RULES.md D3). Default when no ClueTimeLimit row applies.
DEFAULT_TIME_LIMIT = (15, "wd", "市场监督管理行政处罚程序规定 第十八条")
DEFAULT_DUPLICATE_RADIUS_M = 200
DEFAULT_DUPLICATE_WINDOW_DAYS = 30


def haversine_m(
    lat1: float | Decimal, lng1: float | Decimal, lat2: float | Decimal, lng2: float | Decimal
) -> float:
    """Great-circle distance in metres between two WGS-84 points."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp = p2 - p1
    dl = math.radians(float(lng2) - float(lng1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lng: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) enclosing the circle: an index-friendly prefilter."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlng = math.degrees(radius_m / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 1e-6)))
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng


def normalise_text(value: str) -> str:
    return re.sub(r"[\s，。、,.;；:：（）()]", "", value or "").lower()


def same_violation(a: str, b: str) -> bool:
    """Same act: equal after normalisation, or one names the other (销售过期食品 ⊂ 销售过期食品（牛奶）)."""
    x, y = normalise_text(a), normalise_text(b)
    return bool(x and y) and (x == y or x in y or y in x)


@dataclass(frozen=True)
class ScreeningInput:
    channel: str
    domain: str
    text: str
    region_code: str


def rule_matches(
    *, channels: list[str], domains: list[str], keywords: list[str], region_prefix: str, clue: ScreeningInput
) -> bool:
    """Every condition that is set must hold; within a condition any listed value suffices."""
    if channels and clue.channel not in channels:
        return False
    if domains and clue.domain not in domains:
        return False
    if keywords and not any(k and k in clue.text for k in keywords):
        return False
    return not (region_prefix and not clue.region_code.startswith(region_prefix))
