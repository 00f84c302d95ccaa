"""Configuration of the push, from `settings.ZHIFA_CREDIT_PUSH` (a dict; every key optional):

ZHIFA_CREDIT_PUSH = {
    "ENDPOINT": "https://gs.example.gov.cn/api/xzcf/records",  # empty: push disabled
    "APP_KEY": "…", "APP_SECRET": "…",
    "SIGN_METHOD": "HMAC-SM3",        # or "HMAC-SHA256" for platforms without 国密
    "TIMEOUT_SECONDS": 10,
    "MAX_ATTEMPTS": 4,                # per HTTP request, 5xx and timeouts only
    "BACKOFF_SECONDS": 1.0,           # 1, 2, 4 … seconds between attempts
    "BACKOFF_MAX_SECONDS": 30.0,
    "BATCH_SIZE": 100,                # records per HTTP request
    "RUN_LIMIT": 5000,                # records per run (the rest go in the next run)
    "VERIFY_RESPONSE": True,          # the platform signs its receipts the same way
    "SCHEDULE_SECONDS": 0,            # > 0: register the periodic push with the scheduler
    "CA_FILE": "",                    # PEM bundle of the platform's CA for HTTPS, if private
}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

SIGN_METHODS = ("HMAC-SM3", "HMAC-SHA256")

DEFAULTS: dict[str, Any] = {
    "ENDPOINT": "",
    "APP_KEY": "",
    "APP_SECRET": "",
    "SIGN_METHOD": "HMAC-SM3",
    "TIMEOUT_SECONDS": 10.0,
    "MAX_ATTEMPTS": 4,
    "BACKOFF_SECONDS": 1.0,
    "BACKOFF_MAX_SECONDS": 30.0,
    "BATCH_SIZE": 100,
    "RUN_LIMIT": 5000,
    "VERIFY_RESPONSE": True,
    "SCHEDULE_SECONDS": 0,
    "CA_FILE": "",
}


@dataclass(frozen=True)
class PushConfig:
    endpoint: str
    app_key: str
    app_secret: str
    sign_method: str = "HMAC-SM3"
    timeout_seconds: float = 10.0
    max_attempts: int = 4
    backoff_seconds: float = 1.0
    backoff_max_seconds: float = 30.0
    batch_size: int = 100
    run_limit: int = 5000
    verify_response: bool = True
    schedule_seconds: int = 0
    ca_file: str = ""

    @property
    def enabled(self) -> bool:
        return bool(self.endpoint and self.app_key and self.app_secret)


def push_config(overrides: dict[str, Any] | None = None) -> PushConfig:
    raw = {**DEFAULTS, **(getattr(settings, "ZHIFA_CREDIT_PUSH", None) or {}), **(overrides or {})}
    method = str(raw["SIGN_METHOD"]).upper()
    if method not in SIGN_METHODS:
        raise ValueError(f"ZHIFA_CREDIT_PUSH['SIGN_METHOD'] 应为 {' 或 '.join(SIGN_METHODS)}")
    return PushConfig(
        endpoint=str(raw["ENDPOINT"]),
        app_key=str(raw["APP_KEY"]),
        app_secret=str(raw["APP_SECRET"]),
        sign_method=method,
        timeout_seconds=float(raw["TIMEOUT_SECONDS"]),
        max_attempts=max(1, int(raw["MAX_ATTEMPTS"])),
        backoff_seconds=max(0.0, float(raw["BACKOFF_SECONDS"])),
        backoff_max_seconds=max(0.0, float(raw["BACKOFF_MAX_SECONDS"])),
        batch_size=max(1, int(raw["BATCH_SIZE"])),
        run_limit=max(1, int(raw["RUN_LIMIT"])),
        verify_response=bool(raw["VERIFY_RESPONSE"]),
        schedule_seconds=max(0, int(raw["SCHEDULE_SECONDS"])),
        ca_file=str(raw["CA_FILE"]),
    )
