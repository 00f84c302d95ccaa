"""The HTTP adapter against the local fake platform: signatures, receipts, idempotency, retries
with backoff on 5xx and timeouts only, and receipts that must be signed."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.integrations.credit_push.adapter import (
    ACCEPTED,
    FAILED,
    REJECTED,
    HttpDisclosurePushAdapter,
    PushRecord,
)
from zhifa.integrations.credit_push.config import push_config

from .fake_platform import FakePlatform, running_platform, settings_for


def record(n: int, **data: str) -> PushRecord:
    return PushRecord(
        record_id=n,
        operation="upsert",
        idempotency_key=f"key-{n}",
        data={"CF_WSH": f"深市监罚〔2026〕{n}号", "CF_XDR_MC": "深圳市测试商贸有限公司", **data},
    )


def adapter_for(
    platform: FakePlatform, sleeps: list[float] | None = None, **overrides: Any
) -> HttpDisclosurePushAdapter:
    config = push_config(settings_for(platform, **overrides))
    return HttpDisclosurePushAdapter(config, sleep=(sleeps.append if sleeps is not None else lambda s: None))


@pytest.fixture
def fake() -> Any:
    with running_platform() as platform:
        yield platform


def test_a_signed_push_is_accepted_with_a_remote_id_per_record(fake: FakePlatform) -> None:
    receipt = adapter_for(fake).push([record(1), record(2)])
    assert [r.status for r in receipt.results.values()] == [ACCEPTED, ACCEPTED]
    assert receipt.results["key-1"].remote_id == "GD-000001"
    assert receipt.results["key-1"].attempts == 1
    assert receipt.requests == 1
    (request,) = fake.requests
    assert request["status"] == 200  # the platform verified the signature
    assert request["headers"]["X-Sign-Method"] == "HMAC-SM3"
    assert request["body"]["records"][0]["data"]["CF_XDR_MC"] == "深圳市测试商贸有限公司"
    assert "深圳市" in request["raw"].decode("utf-8")  # JSON with ensure_ascii=False


def test_hmac_sha256_is_available_for_platforms_without_sm3() -> None:
    with running_platform(method="HMAC-SHA256") as fake:
        receipt = adapter_for(fake).push([record(1)])
    assert receipt.results["key-1"].status == ACCEPTED
    assert fake.requests[0]["headers"]["X-Sign-Method"] == "HMAC-SHA256"


def test_a_wrong_secret_is_refused_and_not_retried(fake: FakePlatform) -> None:
    receipt = adapter_for(fake, APP_SECRET="wrong").push([record(1)])
    result = receipt.results["key-1"]
    assert result.status == FAILED
    assert result.http_status == 401
    assert result.error == "HTTP 401：签名校验失败"
    assert result.attempts == 1
    assert len(fake.requests) == 1


def test_server_errors_are_retried_with_exponential_backoff(fake: FakePlatform) -> None:
    fake.fail_next = 2
    sleeps: list[float] = []
    receipt = adapter_for(fake, sleeps, MAX_ATTEMPTS=4, BACKOFF_SECONDS=0.5).push([record(1)])
    result = receipt.results["key-1"]
    assert result.status == ACCEPTED
    assert result.attempts == 3
    assert sleeps == [0.5, 1.0]
    assert [r["status"] for r in fake.requests] == [503, 503, 200]
    assert len({r["headers"]["X-Nonce"] for r in fake.requests}) == 3  # a fresh signature per attempt


def test_retries_are_bounded_and_the_backoff_capped(fake: FakePlatform) -> None:
    fake.fail_next = 10
    sleeps: list[float] = []
    adapter = adapter_for(fake, sleeps, MAX_ATTEMPTS=4, BACKOFF_SECONDS=1, BACKOFF_MAX_SECONDS=3)
    result = adapter.push([record(1)]).results["key-1"]
    assert result.status == FAILED
    assert result.attempts == 4
    assert result.http_status == 503
    assert result.error == "重试4次后仍失败：HTTP 503"
    assert sleeps == [1, 2, 3]
    assert len(fake.requests) == 4


def test_a_timeout_is_retried_and_the_same_key_gets_the_same_remote_id(fake: FakePlatform) -> None:
    fake.delay_next, fake.delay_seconds = 1, 1.5
    adapter = adapter_for(fake, TIMEOUT_SECONDS=0.5, MAX_ATTEMPTS=3)
    result = adapter.push([record(1)]).results["key-1"]
    assert result.status == ACCEPTED
    assert result.attempts == 2
    # Pushing the same record again (e.g. a second run) is idempotent on the platform.
    again = adapter.push([record(1)]).results["key-1"]
    assert again.remote_id == result.remote_id
    assert len(fake.held) == 1


def test_a_record_rejected_by_name_is_rejected_with_the_platforms_message(fake: FakePlatform) -> None:
    fake.reject_numbers = {"深市监罚〔2026〕2号"}
    results = adapter_for(fake).push([record(1), record(2)]).results
    assert results["key-1"].status == ACCEPTED
    assert results["key-2"].status == REJECTED
    assert results["key-2"].error == "文号 深市监罚〔2026〕2号 不合规"


@pytest.mark.parametrize("switch", ["tamper_responses", "unsigned"])
def test_an_unsigned_or_forged_receipt_is_not_believed(fake: FakePlatform, switch: str) -> None:
    if switch == "unsigned":
        fake.sign_responses = False
    else:
        fake.tamper_responses = True
    result = adapter_for(fake).push([record(1)]).results["key-1"]
    assert result.status == FAILED
    assert result.error == "平台回执签名校验失败，回执不予采信"


def test_records_go_in_requests_of_batch_size(fake: FakePlatform) -> None:
    receipt = adapter_for(fake, BATCH_SIZE=2).push([record(n) for n in range(1, 6)])
    assert len(fake.requests) == 3
    assert [len(r["body"]["records"]) for r in fake.requests] == [2, 2, 1]
    assert all(r.status == ACCEPTED for r in receipt.results.values())


def test_an_unreachable_platform_fails_after_the_retries() -> None:
    with running_platform() as fake:
        config = push_config(settings_for(fake, MAX_ATTEMPTS=2))
    # The server is shut down: nothing listens on that port any more.
    result = HttpDisclosurePushAdapter(config, sleep=lambda s: None).push([record(1)]).results["key-1"]
    assert result.status == FAILED
    assert result.attempts == 2
    assert result.error.startswith("重试2次后仍失败：无法连接平台")


def test_the_adapter_refuses_to_start_unconfigured() -> None:
    with pytest.raises(ValueError, match="双公示推送未配置"):
        HttpDisclosurePushAdapter(push_config({"ENDPOINT": ""}))
