"""`credit_push_run`: send the platform what changed since it last accepted something.

One run = three steps, because an HTTP exchange must never sit inside a database transaction:

1. read the candidates (selectors), build and validate their CF records — invalid ones go into
   the batch report, unchanged ones are skipped;
2. one transaction: the `PushBatch` and a PENDING `PushReceipt` per record, audited;
3. `adapter.push(records)` (outside any transaction), then one transaction writing every
   receipt's answer, the `PushedRecord` of each accepted record and the batch totals, audited.

A crash between 2 and 3 leaves PENDING receipts and no `PushedRecord`: the next run sends the same
records again with the same idempotency keys, which the platform deduplicates.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import ValidationError
from zhifa.core.gm import sm3_hex
from zhifa.disclosure.export.cf import CfRecord, build_cf_record
from zhifa.disclosure.export.selectors import iter_sources
from zhifa.disclosure.models import Publication
from zhifa.orgs.models import Organisation

from .adapter import DisclosurePushAdapter, HttpDisclosurePushAdapter, PushRecord, Receipt, RecordResult
from .config import push_config
from .models import BatchStatus, Operation, PushBatch, PushedRecord, PushReceipt, ReceiptStatus
from .selectors import pushed_records, rejected_keys, upsert_candidates, withdraw_candidates

logger = logging.getLogger("zhifa.integrations.credit_push")

# What a withdrawal carries: enough for the platform to find the record it shows.
WITHDRAW_FIELDS = ("CF_WSH", "CF_XDR_MC", "CF_XDR_LB", "CF_JDRQ", "CF_CFJG", "CF_CFJGDM")
REPORT_LIMIT = 500  # invalid records listed in one batch's report (the count is always exact)


@dataclass
class PushRunResult:
    batch: PushBatch | None  # None when there was nothing to send
    pushed: int = 0
    accepted: int = 0
    rejected: int = 0
    failed: int = 0
    invalid: int = 0
    unchanged: int = 0
    skipped_rejected: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "batch": self.batch.pk if self.batch else None,
            "pushed": self.pushed,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "failed": self.failed,
            "invalid": self.invalid,
            "unchanged": self.unchanged,
            "skipped_rejected": self.skipped_rejected,
        }


@dataclass
class _Item:
    publication: Publication
    record: PushRecord
    content_hash: str


def content_hash(operation: str, data: dict[str, str], reason: str = "") -> str:
    text = json.dumps([operation, data, reason], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return sm3_hex(text.encode("utf-8"))


def idempotency_key(publication_id: int, operation: str, digest: str) -> str:
    """Same record, operation and content → same key, across retries and runs."""
    return sm3_hex(f"{publication_id}|{operation}|{digest}".encode())


def _item(publication: Publication, operation: str, cf: CfRecord) -> _Item:
    if operation == Operation.WITHDRAW:
        data = {code: cf.values.get(code, "") for code in WITHDRAW_FIELDS}
        reason = publication.end_note or publication.get_state_display()
    else:
        data, reason = dict(cf.values), ""
    digest = content_hash(operation, data, reason)
    record = PushRecord(
        record_id=publication.pk,
        operation=operation,
        idempotency_key=idempotency_key(publication.pk, operation, digest),
        data=data,
        reason=reason,
    )
    return _Item(publication, record, digest)


def credit_push_run(
    *,
    actor: Actor,
    user: Any | None = None,
    adapter: DisclosurePushAdapter | None = None,
    organisation_ids: list[int] | None = None,
    full: bool = False,
    retry_rejected: bool = False,
    limit: int | None = None,
    data_source: Organisation | None = None,
) -> PushRunResult:
    """Push published-and-not-yet-pushed (or changed) penalty records and the withdrawals of
    records the platform shows. `user` None: a system run over every agency; otherwise the user's
    data scope for `credit_push.push.run`. Returns the counts; the batch holds the receipts."""
    config = push_config()
    if adapter is None and not config.enabled:
        raise ValidationError("双公示推送未配置：请设置推送地址与应用密钥（settings.ZHIFA_CREDIT_PUSH）")
    limit = limit or config.run_limit
    result = PushRunResult(batch=None)
    items: list[_Item] = []
    report: list[dict[str, Any]] = []

    queues = (
        (Operation.WITHDRAW, withdraw_candidates(user=user, organisation_ids=organisation_ids)),
        (Operation.UPSERT, upsert_candidates(user=user, organisation_ids=organisation_ids, full=full)),
    )
    refreshed: list[tuple[int, int]] = []  # (publication id, version) unchanged content, newer version
    for operation, queryset in queues:
        for chunk in _chunks(iter_sources(queryset), 500):
            if len(items) >= limit:
                break
            ids = [p.pk for p, _, _ in chunk]
            held, refused = pushed_records(ids), set() if retry_rejected else rejected_keys(ids)
            for publication, party, agency in chunk:
                if len(items) >= limit:
                    break
                cf = build_cf_record(publication, party=party, agency=agency, data_source=data_source)
                if operation == Operation.UPSERT and not cf.valid:
                    result.invalid += 1
                    if len(report) < REPORT_LIMIT:
                        report.append(
                            {"publication_id": publication.pk, "number": cf.number, "problems": cf.problems}
                        )
                    continue
                item = _item(publication, operation, cf)
                state = held.get(publication.pk)
                if state and state.operation == operation and state.content_hash == item.content_hash:
                    result.unchanged += 1
                    if state.publication_version != publication.version:
                        refreshed.append((publication.pk, publication.version))
                    continue
                if item.record.idempotency_key in refused:
                    result.skipped_rejected += 1
                    continue
                items.append(item)

    if refreshed:  # newer versions with the same public content: nothing to send, remember them
        with transaction.atomic():
            for pk, version in refreshed:
                PushedRecord.objects.filter(publication_id=pk).update(publication_version=version)
            audit_append(
                actor=actor,
                action="credit_push.record.refresh",
                payload={"publications": [pk for pk, _ in refreshed][:1000], "count": len(refreshed)},
            )
    if not items:  # nothing to send: no batch (the invalid ones are counted in the result)
        return result

    adapter = adapter or HttpDisclosurePushAdapter(config)
    batch = _open_batch(
        actor=actor, endpoint=config.endpoint, items=items, report=report, invalid=result.invalid
    )
    result.batch = batch
    result.pushed = len(items)
    try:
        receipt = adapter.push([item.record for item in items])
    except Exception as exc:  # the adapter's own failures are data, not a crash of the scheduler
        logger.exception("双公示推送异常终止")
        receipt = Receipt(
            results={
                i.record.idempotency_key: RecordResult(
                    i.record.idempotency_key, ReceiptStatus.FAILED, error=str(exc)[:1000]
                )
                for i in items
            }
        )
        batch.error = f"推送异常终止：{exc}"[:2000]
    _close_batch(actor=actor, batch=batch, items=items, receipt=receipt, result=result)
    return result


def _chunks(iterable: Any, size: int) -> Any:
    chunk: list[Any] = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _open_batch(
    *, actor: Actor, endpoint: str, items: list[_Item], report: list[dict[str, Any]], invalid: int
) -> PushBatch:
    with transaction.atomic():
        batch = PushBatch.objects.create(
            endpoint=endpoint[:500],
            actor_id=actor.id,
            actor_label=actor.label[:150],
            total=len(items),
            invalid=invalid,
            report=report,
        )
        PushReceipt.objects.bulk_create(
            [
                PushReceipt(
                    batch=batch,
                    publication_id=i.publication.pk,
                    organisation_id=i.publication.organisation_id,
                    region_code=i.publication.region_code,
                    cf_wsh=i.publication.number[:128],
                    operation=i.record.operation,
                    idempotency_key=i.record.idempotency_key,
                    content_hash=i.content_hash,
                    publication_version=i.publication.version,
                )
                for i in items
            ],
            batch_size=500,
        )
        audit_append(
            actor=actor,
            action="credit_push.batch.open",
            subject=batch,
            payload={"total": len(items), "invalid": invalid, "endpoint": endpoint},
        )
    return batch


def _close_batch(
    *, actor: Actor, batch: PushBatch, items: list[_Item], receipt: Receipt, result: PushRunResult
) -> None:
    now = timezone.now()
    by_key = {i.record.idempotency_key: i for i in items}
    with transaction.atomic():
        receipts = list(PushReceipt.objects.select_for_update().filter(batch=batch))
        accepted: list[PushReceipt] = []
        for row in receipts:
            answer = receipt.results.get(row.idempotency_key) or RecordResult(
                row.idempotency_key, ReceiptStatus.FAILED, error="适配器未返回该记录的结果"
            )
            row.status = answer.status
            row.remote_id = answer.remote_id
            row.error = answer.error
            row.attempts = answer.attempts
            row.http_status = answer.http_status
            row.finished_at = now
            if answer.status == ReceiptStatus.ACCEPTED:
                accepted.append(row)
            elif answer.status == ReceiptStatus.REJECTED:
                result.rejected += 1
            else:
                result.failed += 1
        result.accepted = len(accepted)
        _hold(accepted, versions={k: i.publication.version for k, i in by_key.items()}, now=now)
        PushReceipt.objects.bulk_update(
            receipts,
            ["status", "remote_id", "error", "attempts", "http_status", "finished_at"],
            batch_size=500,
        )
        batch.accepted, batch.rejected, batch.failed = result.accepted, result.rejected, result.failed
        batch.requests = receipt.requests
        batch.finished_at = now
        batch.status = BatchStatus.FAILED if batch.error else BatchStatus.FINISHED
        batch.save(
            update_fields=["accepted", "rejected", "failed", "requests", "finished_at", "status", "error"]
        )
        audit_append(
            actor=actor,
            action="credit_push.batch.close",
            subject=batch,
            payload={**result.summary(), "requests": receipt.requests},
        )


def _hold(accepted: list[PushReceipt], *, versions: dict[str, int], now: Any) -> None:
    """Record what the platform now holds for each accepted publication (bulk, two statements)."""
    existing = {
        p.publication_id: p
        for p in PushedRecord.objects.filter(publication_id__in=[r.publication_id for r in accepted])
    }
    new: list[PushedRecord] = []
    for row in accepted:
        state = existing.get(row.publication_id) or PushedRecord(publication_id=row.publication_id)
        state.organisation_id = row.organisation_id
        state.region_code = row.region_code
        state.operation = row.operation
        state.content_hash = row.content_hash
        state.publication_version = versions[row.idempotency_key]
        state.remote_id = row.remote_id
        state.receipt = row
        state.pushed_at = now
        if state.pk is None:
            new.append(state)
    fields = [
        "organisation",
        "region_code",
        "operation",
        "content_hash",
        "publication_version",
        "remote_id",
        "receipt",
        "pushed_at",
    ]
    if existing:
        PushedRecord.objects.bulk_update(list(existing.values()), fields, batch_size=500)
    if new:
        PushedRecord.objects.bulk_create(new, batch_size=500)
