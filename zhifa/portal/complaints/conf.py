"""Configuration of the Open311 endpoint: `settings.ZHIFA_OPEN311` (a dict) overrides these."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # GeoReport v2: jurisdiction_id is needed only where one endpoint serves several jurisdictions;
    # when a client sends it, it must be ours. Default: the GB/T 2260 code of the city.
    "jurisdiction_id": "440300",
    "contact": "行政执法公众服务平台 Open311 接口，联系电话 12345",
    "key_service": "API 密钥由系统管理员在“Open311 客户端”中签发",
    "endpoint_type": "production",  # or "test" (discovery `type`)
    "changeset": "2026-05-01T00:00:00+08:00",
    "max_requests": 1000,  # GET requests: the specification's 1,000 requests …
    "window_days": 90,  # … or 90 days, whichever is smaller
}


def open311_setting(name: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "ZHIFA_OPEN311", {})}[name]
