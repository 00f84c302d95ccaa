"""credit_push_run against the local fake platform: what is sent (new, changed, withdrawn), what is
not (invalid, unchanged, refused by name), the receipt log, retries across runs, masking."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhifa.core.audit import Actor
from zhifa.core.models import AuditEvent
from zhifa.disclosure.export.tests.factories import PublicationFactory, agency, demo_penalties
from zhifa.disclosure.models import Publication, PublicationState
from zhifa.integrations.credit_push.models import (
    BatchStatus,
    Operation,
    PushBatch,
    PushedRecord,
    PushReceipt,
    ReceiptStatus,
)
from zhifa.integrations.credit_push.permissions import CreditPushPerm
from zhifa.integrations.credit_push.services import credit_push_run
from zhifa.orgs.models import Role, UserRole

from .fake_platform import FakePlatform

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")


def push(**kwargs: Any) -> Any:
    return credit_push_run(actor=ACTOR, **kwargs)


def bump(pub: Publication, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(pub, name, value)
    pub.version += 1
    pub.save(update_fields=[*changes, "version"])


def test_published_penalties_are_pushed_once_with_receipts(platform: FakePlatform) -> None:
    org = agency()
    pubs = demo_penalties(org)
    bad = PublicationFactory.create(organisation=org, basis="")
    result = push()
    assert result.summary() == {
        "batch": result.batch.pk,
        "pushed": 5,
        "accepted": 5,
        "rejected": 0,
        "failed": 0,
        "invalid": 1,
        "unchanged": 0,
        "skipped_rejected": 0,
    }
    batch = PushBatch.objects.get()
    assert batch.status == BatchStatus.FINISHED
    assert (batch.total, batch.accepted, batch.invalid, batch.requests) == (5, 5, 1, 1)
    assert batch.report == [
        {"publication_id": bad.pk, "number": bad.number, "problems": ["缺少必填项 CF_YJ（处罚依据）"]}
    ]
    receipts = {r.publication_id: r for r in PushReceipt.objects.all()}
    assert set(receipts) == {p.pk for p in pubs}
    first = receipts[pubs[0].pk]
    assert first.status == ReceiptStatus.ACCEPTED
    assert first.cf_wsh == pubs[0].number
    assert first.remote_id.startswith("GD-")
    assert first.attempts == 1
    assert first.finished_at is not None
    assert PushedRecord.objects.count() == 5
    sent = platform.records_received()
    assert {r["data"]["CF_WSH"] for r in sent} == {p.number for p in pubs}
    assert bad.number not in {r["data"]["CF_WSH"] for r in sent}
    assert all(next(iter(r["data"])) == "CF_XDR_MC" and len(r["data"]) == 30 for r in sent)
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["credit_push.batch.open", "credit_push.batch.close"]
    # Nothing new: the next run sends nothing and writes no batch.
    again = push()
    assert again.batch is None
    assert again.invalid == 1
    assert len(platform.requests) == 1


def test_a_changed_record_is_pushed_again_and_an_unchanged_version_is_not(platform: FakePlatform) -> None:
    pub, other = PublicationFactory.create_batch(2)
    push()
    bump(pub, facts="当事人销售超过保质期的预包装食品（经复核更正）。")
    bump(other)  # a new version with the same public content
    result = push()
    assert (result.pushed, result.unchanged) == (1, 1)
    latest = PushReceipt.objects.filter(publication=pub).order_by("-id")
    assert latest[0].idempotency_key != latest[1].idempotency_key
    assert (
        platform.records_received()[-1]["data"]["CF_SY"] == "当事人销售超过保质期的预包装食品（经复核更正）。"
    )
    assert PushedRecord.objects.get(publication=other).publication_version == other.version
    assert AuditEvent.objects.filter(action="credit_push.record.refresh").count() == 1
    assert push().batch is None


def test_full_mode_finds_changes_made_outside_the_publication(platform: FakePlatform) -> None:
    pub = PublicationFactory.create()
    push()
    org = pub.organisation
    org.name = "深圳市市场监督管理局（更名）"
    org.save(update_fields=["name"])
    Publication.objects.filter(pk=pub.pk).update(organisation_name=org.name)  # no version bump
    assert push().batch is None
    result = push(full=True)
    assert result.pushed == 1
    assert platform.records_received()[-1]["data"]["CF_CFJG"] == "深圳市市场监督管理局（更名）"


@pytest.mark.parametrize("state", [PublicationState.WITHDRAWN, PublicationState.REPAIRED])
def test_a_withdrawn_publication_is_pushed_as_a_withdrawal(platform: FakePlatform, state: str) -> None:
    pub = PublicationFactory.create()
    never_pushed = PublicationFactory.create(state=state)
    push()
    bump(pub, state=state, end_note="处罚决定已被撤销，撤回公示。")
    result = push()
    assert result.pushed == 1
    receipt = PushReceipt.objects.filter(publication=pub).latest("id")
    assert receipt.operation == Operation.WITHDRAW
    assert receipt.status == ReceiptStatus.ACCEPTED
    sent = platform.records_received()[-1]
    assert sent["operation"] == "withdraw"
    assert sent["reason"] == "处罚决定已被撤销，撤回公示。"
    assert sent["data"]["CF_WSH"] == pub.number
    assert set(sent["data"]) == {"CF_WSH", "CF_XDR_MC", "CF_XDR_LB", "CF_JDRQ", "CF_CFJG", "CF_CFJGDM"}
    assert PushedRecord.objects.get(publication=pub).operation == Operation.WITHDRAW
    assert not PushReceipt.objects.filter(publication=never_pushed).exists()
    assert push().batch is None  # withdrawn once
    # Published again (a corrected decision): pushed as a record again.
    bump(pub, state=PublicationState.PUBLISHED, end_note="")
    assert push().pushed == 1
    assert PushedRecord.objects.get(publication=pub).operation == Operation.UPSERT


def test_failed_records_are_retried_in_the_next_run_with_the_same_key(platform: FakePlatform) -> None:
    pub = PublicationFactory.create()
    platform.fail_next = 10
    result = push()
    assert (result.failed, result.accepted) == (1, 0)
    failed = PushReceipt.objects.get()
    assert failed.status == ReceiptStatus.FAILED
    assert failed.attempts == 3
    assert failed.http_status == 503
    assert failed.error == "重试3次后仍失败：HTTP 503"
    assert not PushedRecord.objects.exists()
    platform.fail_next = 0
    assert push().accepted == 1
    retried = PushReceipt.objects.filter(publication=pub).latest("id")
    assert retried.idempotency_key == failed.idempotency_key
    assert retried.status == ReceiptStatus.ACCEPTED


def test_a_platform_rejection_is_not_resent_until_the_record_changes(platform: FakePlatform) -> None:
    pub = PublicationFactory.create()
    platform.reject_numbers = {pub.number}
    assert push().rejected == 1
    rejected = PushReceipt.objects.get()
    assert rejected.status == ReceiptStatus.REJECTED
    assert rejected.error == f"文号 {pub.number} 不合规"
    platform.reject_numbers = set()
    skipped = push()
    assert (skipped.batch, skipped.skipped_rejected) == (None, 1)
    assert push(retry_rejected=True).accepted == 1


def test_a_refused_signature_is_retried_next_run_once_the_key_is_fixed(
    platform: FakePlatform, settings: Any
) -> None:
    PublicationFactory.create()
    good = dict(settings.ZHIFA_CREDIT_PUSH)
    settings.ZHIFA_CREDIT_PUSH = {**good, "APP_SECRET": "wrong"}
    result = push()
    assert result.failed == 1
    assert PushReceipt.objects.get().error == "HTTP 401：签名校验失败"
    assert len(platform.requests) == 1  # 4xx: no retry
    settings.ZHIFA_CREDIT_PUSH = good
    assert push().accepted == 1


def test_a_natural_persons_identity_is_pushed_masked(platform: FakePlatform) -> None:
    org = agency()
    demo_penalties(org)
    push()
    raw = b"".join(r["raw"] for r in platform.requests).decode("utf-8")
    assert "张三丰" not in raw
    assert "张**" in raw
    numbers = list(re.findall(r"\d{17}[\dX]", raw))
    assert numbers == []


def test_an_adapter_crash_is_logged_as_a_failed_batch(platform: FakePlatform) -> None:
    PublicationFactory.create()

    class Broken:
        def push(self, records: Any) -> Any:
            raise RuntimeError("连接池耗尽")

    result = push(adapter=Broken())
    assert result.failed == 1
    batch = PushBatch.objects.get()
    assert batch.status == BatchStatus.FAILED
    assert batch.error == "推送异常终止：连接池耗尽"
    assert PushReceipt.objects.get().status == ReceiptStatus.FAILED


def test_a_users_run_covers_their_data_scope_only(platform: FakePlatform, make_user: Any) -> None:
    org, other = agency(), agency()
    mine = PublicationFactory.create(organisation=org)
    PublicationFactory.create(organisation=other)
    user = make_user(org)
    role = Role.objects.create(
        code="push", name="推送", data_scope="own_unit", permissions=[CreditPushPerm.RUN]
    )
    UserRole.objects.create(user=user, role=role)
    result = push(user=user)
    assert result.pushed == 1
    assert PushReceipt.objects.get().publication_id == mine.pk


def test_the_limit_bounds_a_run(platform: FakePlatform) -> None:
    PublicationFactory.create_batch(3)
    assert push(limit=2).pushed == 2
    assert push(limit=2).pushed == 1


def test_the_command_prints_one_json_summary(platform: FakePlatform) -> None:
    org = agency()
    PublicationFactory.create(organisation=org)
    PublicationFactory.create()
    out = io.StringIO()
    call_command("credit_push_run", "--org", str(org.pk), stdout=out)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert (summary["pushed"], summary["accepted"], summary["failed"]) == (1, 1, 0)


def test_the_command_refuses_to_run_unconfigured(settings: Any) -> None:
    settings.ZHIFA_CREDIT_PUSH = {}
    with pytest.raises(CommandError, match="双公示推送未配置"):
        call_command("credit_push_run", stdout=io.StringIO())


def test_the_scheduler_registers_the_push_only_when_configured(settings: Any) -> None:
    from zhifa.core import scheduler
    from zhifa.integrations.credit_push.tasks import JOB_NAME, register_if_configured

    scheduler._registry.pop(JOB_NAME, None)
    settings.ZHIFA_CREDIT_PUSH = {}
    assert register_if_configured() is False
    assert JOB_NAME not in scheduler._registry
    settings.ZHIFA_CREDIT_PUSH = {"ENDPOINT": "https://x.invalid/api", "APP_KEY": "k", "APP_SECRET": "s"}
    assert register_if_configured() is False  # configured but no schedule
    settings.ZHIFA_CREDIT_PUSH["SCHEDULE_SECONDS"] = 3600
    try:
        assert register_if_configured() is True
        assert scheduler._registry[JOB_NAME].every_seconds == 3600
    finally:
        scheduler._registry.pop(JOB_NAME, None)


def test_the_service_refuses_to_run_unconfigured(settings: Any) -> None:
    from zhifa.core.errors import ValidationError

    settings.ZHIFA_CREDIT_PUSH = {"ENDPOINT": "https://x.invalid/api"}
    with pytest.raises(ValidationError, match="双公示推送未配置"):
        push()
