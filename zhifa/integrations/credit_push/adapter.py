"""The push interface and its HTTP(S) JSON implementation.

`DisclosurePushAdapter.push(records) -> Receipt` is all the service knows; a deployment for another
provincial platform (or a file drop) implements the same protocol.

Wire format of `HttpDisclosurePushAdapter` (广东省行政执法信息公示平台-style):

    POST <ENDPOINT>   Content-Type: application/json; charset=utf-8
    X-App-Key, X-Timestamp (Unix s), X-Nonce, X-Sign-Method (HMAC-SM3 | HMAC-SHA256), X-Signature
    {"records": [{"record_id": "123", "operation": "upsert" | "withdraw",
                  "idempotency_key": "<sm3 hex>", "data": {"CF_XDR_MC": …, …}, "reason": "…"}]}

    200 {"results": [{"idempotency_key": "…", "status": "accepted" | "rejected",
                      "remote_id": "…", "message": "…"}]}      signed with the same headers

The idempotency key is derived from the record id, the operation and the content (service), so
a retried request — or two runs racing — can never publish a record twice. Retries: 5xx,
timeouts and connection errors, at most `MAX_ATTEMPTS` per request with exponential backoff;
4xx is final for the run (the request itself is wrong) and never retried; the records stay
FAILED and go again in the next run. A record the platform rejects by name (status "rejected" in a
2xx receipt) is REJECTED and not sent again until its content changes.
"""

from __future__ import annotations

import json
import logging
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .config import PushConfig, push_config
from .signing import (
    HEADER_METHOD,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    signed_headers,
    verify,
)

logger = logging.getLogger("zhifa.integrations.credit_push")

UPSERT, WITHDRAW = "upsert", "withdraw"
ACCEPTED, REJECTED, FAILED = "accepted", "rejected", "failed"
MAX_ERROR_CHARS = 1000


@dataclass(frozen=True)
class PushRecord:
    record_id: int  # the publication's id
    operation: str  # UPSERT | WITHDRAW
    idempotency_key: str
    data: dict[str, str]  # CF_* values (a withdrawal carries the identifying ones)
    reason: str = ""  # withdrawal: the public note

    def as_wire(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "record_id": str(self.record_id),
            "operation": self.operation,
            "idempotency_key": self.idempotency_key,
            "data": self.data,
        }
        if self.reason:
            body["reason"] = self.reason
        return body


@dataclass(frozen=True)
class RecordResult:
    idempotency_key: str
    status: str  # ACCEPTED | REJECTED | FAILED
    remote_id: str = ""
    error: str = ""
    attempts: int = 0
    http_status: int | None = None


@dataclass
class Receipt:
    """What the platform answered for each record pushed (by idempotency key)."""

    results: dict[str, RecordResult] = field(default_factory=dict)
    requests: int = 0  # HTTP attempts made, retries included


class DisclosurePushAdapter(Protocol):
    def push(self, records: Sequence[PushRecord]) -> Receipt: ...


class _Retryable(Exception):
    def __init__(self, message: str, http_status: int | None = None) -> None:
        super().__init__(message)
        self.http_status = http_status


@dataclass(frozen=True)
class _Outcome:
    """One request's end: the parsed body (2xx) or an error for every record of it."""

    attempts: int
    http_status: int | None
    body: dict[str, Any] | None = None
    error: str = ""


class HttpDisclosurePushAdapter:
    def __init__(
        self,
        config: PushConfig | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        opener: urllib.request.OpenerDirector | None = None,
    ) -> None:
        self.config = config or push_config()
        if not self.config.enabled:
            raise ValueError(
                "双公示推送未配置：需要 ENDPOINT、APP_KEY、APP_SECRET（settings.ZHIFA_CREDIT_PUSH）"
            )
        self.sleep = sleep
        self.opener = opener or self._default_opener()

    def _default_opener(self) -> urllib.request.OpenerDirector:
        context = ssl.create_default_context(cafile=self.config.ca_file or None)
        # No proxies from the environment: the platform is reached directly (or through a proxy
        # a deployment configures by passing its own opener).
        return urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context)
        )

    # --- the protocol ---------------------------------------------------------------------------

    def push(self, records: Sequence[PushRecord]) -> Receipt:
        receipt = Receipt()
        size = self.config.batch_size
        for start in range(0, len(records), size):
            chunk = records[start : start + size]
            outcome = self._send(chunk)
            receipt.requests += outcome.attempts
            for record in chunk:
                receipt.results[record.idempotency_key] = self._result_for(record, outcome)
        return receipt

    # --- one request with retries ---------------------------------------------------------------

    def _result_for(self, record: PushRecord, outcome: _Outcome) -> RecordResult:
        key = record.idempotency_key
        if outcome.body is None:
            return RecordResult(key, FAILED, "", outcome.error, outcome.attempts, outcome.http_status)
        answers = {
            str(item.get("idempotency_key", "")): item
            for item in outcome.body.get("results", [])
            if isinstance(item, dict)
        }
        item = answers.get(key)
        if item is None:
            return RecordResult(
                key, FAILED, "", "平台回执中没有该记录", outcome.attempts, outcome.http_status
            )
        status = str(item.get("status", "")).lower()
        if status not in (ACCEPTED, REJECTED):
            return RecordResult(
                key, FAILED, "", f"平台回执状态无法识别：{status}", outcome.attempts, outcome.http_status
            )
        return RecordResult(
            key,
            status,
            str(item.get("remote_id") or "")[:100],
            str(item.get("message") or "")[:MAX_ERROR_CHARS] if status == REJECTED else "",
            outcome.attempts,
            outcome.http_status,
        )

    def _send(self, chunk: Sequence[PushRecord]) -> _Outcome:
        body = json.dumps(
            {"records": [r.as_wire() for r in chunk]}, ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")
        last_error, last_status = "", None
        for attempt in range(1, self.config.max_attempts + 1):
            try:
                status, headers, payload = self._post(body)
            except _Retryable as exc:
                last_error, last_status = str(exc), exc.http_status
                logger.warning("双公示推送第%s次请求失败：%s", attempt, exc)
                if attempt < self.config.max_attempts:
                    self.sleep(self._backoff(attempt))
                continue
            if 400 <= status < 500:
                # The request itself was refused (signature, key, format): final for this run, and
                # FAILED rather than REJECTED so the next run sends it again once that is fixed.
                return _Outcome(attempt, status, error=_error_text(status, payload))
            if self.config.verify_response and not self._receipt_signed(headers, payload):
                return _Outcome(attempt, status, error="平台回执签名校验失败，回执不予采信")
            try:
                parsed = json.loads(payload.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                return _Outcome(attempt, status, error="平台回执不是有效的 JSON")
            if not isinstance(parsed, dict):
                return _Outcome(attempt, status, error="平台回执格式错误")
            return _Outcome(attempt, status, body=parsed)
        return _Outcome(
            self.config.max_attempts,
            last_status,
            error=f"重试{self.config.max_attempts}次后仍失败：{last_error}"[:MAX_ERROR_CHARS],
        )

    def _backoff(self, attempt: int) -> float:
        return min(self.config.backoff_seconds * 2 ** (attempt - 1), self.config.backoff_max_seconds)

    def _post(self, body: bytes) -> tuple[int, Any, bytes]:
        """(status, headers, body) of a 2xx or 4xx answer; raises _Retryable for 5xx, timeouts and
        connection failures."""
        c = self.config
        headers = signed_headers(app_key=c.app_key, secret=c.app_secret, method=c.sign_method, body=body)
        request = urllib.request.Request(  # noqa: S310 - the endpoint is configured by the operator
            c.endpoint,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                **headers,
            },
        )
        try:
            with self.opener.open(request, timeout=c.timeout_seconds) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            payload = exc.read() if exc.fp is not None else b""
            if exc.code >= 500:
                raise _Retryable(f"HTTP {exc.code}", exc.code) from None
            return exc.code, exc.headers, payload
        except TimeoutError as exc:
            raise _Retryable(f"请求超时（{c.timeout_seconds:g}秒）") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise _Retryable(f"请求超时（{c.timeout_seconds:g}秒）") from exc
            raise _Retryable(f"无法连接平台：{exc.reason}") from exc
        except (ConnectionError, OSError) as exc:
            raise _Retryable(f"连接中断：{exc}") from exc

    def _receipt_signed(self, headers: Any, payload: bytes) -> bool:
        c = self.config
        return (
            verify(
                secret=c.app_secret,
                method=headers.get(HEADER_METHOD) or c.sign_method,
                timestamp=headers.get(HEADER_TIMESTAMP) or "",
                nonce=headers.get(HEADER_NONCE) or "",
                body=payload,
                signature=headers.get(HEADER_SIGNATURE) or "",
            )
            and (headers.get(HEADER_METHOD) or c.sign_method) == c.sign_method
        )


def _error_text(status: int, payload: bytes) -> str:
    text = payload.decode("utf-8", errors="replace")
    try:
        parsed = json.loads(text)
        if isinstance(parsed, dict) and parsed.get("message"):
            text = str(parsed["message"])
    except json.JSONDecodeError:
        pass
    return f"HTTP {status}：{text}"[:MAX_ERROR_CHARS]
