"""A local fake of the provincial disclosure platform: a real HTTP server on 127.0.0.1 in a thread.

It checks what a real platform checks — app key, signature over timestamp + nonce + body, clock
skew, nonce replay — answers each record with a receipt (the same remote id for a repeated
idempotency key), signs its answers, and fails on demand (5xx, slow answers, bad signatures,
per-record rejections) so retries and receipts can be tested without any real network.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from zhifa.integrations.credit_push.signing import (
    HEADER_APP_KEY,
    HEADER_METHOD,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    signed_headers,
    verify,
)

APP_KEY = "zhifa-test"
APP_SECRET = "s3cret-for-tests-only"
PATH = "/api/xzcf/records"


@dataclass
class FakePlatform:
    url: str = ""
    app_key: str = APP_KEY
    secret: str = APP_SECRET
    method: str = "HMAC-SM3"
    # Failure switches
    fail_next: int = 0  # answer the next n requests with `fail_status`
    fail_status: int = 503
    delay_next: int = 0  # answer the next n requests after `delay_seconds` (client timeouts)
    delay_seconds: float = 1.0
    reject_numbers: set[str] = field(default_factory=set)  # CF_WSH refused by name
    sign_responses: bool = True
    tamper_responses: bool = False
    # What arrived
    requests: list[dict[str, Any]] = field(default_factory=list)  # every request, verified or not
    held: dict[str, dict[str, Any]] = field(default_factory=dict)  # idempotency key → record
    nonces: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def accepted_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["status"] == 200]

    def records_received(self) -> list[dict[str, Any]]:
        return [rec for r in self.accepted_requests for rec in r["body"]["records"]]

    def answer(self, headers: Any, raw: bytes) -> tuple[int, dict[str, Any]]:
        with self.lock:
            entry: dict[str, Any] = {"headers": dict(headers.items()), "raw": raw, "status": 0, "body": None}
            self.requests.append(entry)
            if self.fail_next > 0:
                self.fail_next -= 1
                entry["status"] = self.fail_status
                return self.fail_status, {"message": "服务暂不可用"}
            nonce = headers.get(HEADER_NONCE, "")
            ok = headers.get(HEADER_APP_KEY) == self.app_key and verify(
                secret=self.secret,
                method=headers.get(HEADER_METHOD, ""),
                timestamp=headers.get(HEADER_TIMESTAMP, ""),
                nonce=nonce,
                body=raw,
                signature=headers.get(HEADER_SIGNATURE, ""),
            )
            if not ok or headers.get(HEADER_METHOD) != self.method:
                entry["status"] = 401
                return 401, {"message": "签名校验失败"}
            if nonce in self.nonces:
                entry["status"] = 409
                return 409, {"message": "重复的请求（nonce 已使用）"}
            self.nonces.add(nonce)
            body = json.loads(raw.decode("utf-8"))
            entry["body"] = body
            entry["status"] = 200
            results = []
            for record in body["records"]:
                key = record["idempotency_key"]
                number = record["data"].get("CF_WSH", "")
                if number in self.reject_numbers:
                    results.append(
                        {"idempotency_key": key, "status": "rejected", "message": f"文号 {number} 不合规"}
                    )
                    continue
                if key not in self.held:
                    self.held[key] = {**record, "remote_id": f"GD-{len(self.held) + 1:06d}"}
                results.append(
                    {"idempotency_key": key, "status": "accepted", "remote_id": self.held[key]["remote_id"]}
                )
            return 200, {"results": results}


class _Handler(BaseHTTPRequestHandler):
    platform: FakePlatform

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        platform = self.server.platform  # type: ignore[attr-defined]
        if self.path != PATH:
            self._send(404, {"message": "not found"}, platform)
            return
        with platform.lock:
            delay = platform.delay_next > 0
            if delay:
                platform.delay_next -= 1
        if delay:
            time.sleep(platform.delay_seconds)
        status, payload = platform.answer(self.headers, raw)
        self._send(status, payload, platform)

    def _send(self, status: int, payload: dict[str, Any], platform: FakePlatform) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if platform.sign_responses:
            headers = signed_headers(
                app_key=platform.app_key, secret=platform.secret, method=platform.method, body=body
            )
            if platform.tamper_responses:
                headers[HEADER_SIGNATURE] = "0" * 64
            for name, value in headers.items():
                self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client timed out and left
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@contextmanager
def running_platform(**options: Any) -> Iterator[FakePlatform]:
    platform = FakePlatform(**options)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.platform = platform  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    platform.url = f"http://127.0.0.1:{server.server_address[1]}{PATH}"
    try:
        yield platform
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def settings_for(platform: FakePlatform, **overrides: Any) -> dict[str, Any]:
    return {
        "ENDPOINT": platform.url,
        "APP_KEY": platform.app_key,
        "APP_SECRET": platform.secret,
        "SIGN_METHOD": platform.method,
        "TIMEOUT_SECONDS": 2,
        "MAX_ATTEMPTS": 3,
        "BACKOFF_SECONDS": 0,
        **overrides,
    }
