"""The SM3 hash chain of custody events, one chain per evidence item.

hash = SM3(prev_hash + canonical JSON of the event); the first event links to 64 zeros and the
item keeps the last hash (`Evidence.custody_head`), so an edited, deleted, inserted or truncated
custody row is detectable by `custody_verify`.
"""

from __future__ import annotations

import json
from datetime import UTC

from zhifa.core.gm import sm3_hex

from .models import GENESIS_HASH, CustodyEvent, Evidence


def canonical_event(event: CustodyEvent) -> str:
    fields = {
        "evidence": event.evidence_id,
        "seq": event.seq,
        "action": event.action,
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "at": event.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "holder": event.holder,
        "location": event.location,
        "note": event.note,
    }
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def custody_hash(prev_hash: str, event: CustodyEvent) -> str:
    return sm3_hex((prev_hash + canonical_event(event)).encode("utf-8"))


def custody_verify(evidence: Evidence) -> int | None:
    """None when the chain is intact, else the id of the first broken event (for a deleted tail:
    the last remaining event, or 0 when every event is gone)."""
    prev = GENESIS_HASH
    expected_seq = 1
    last_id = 0
    for event in CustodyEvent.objects.filter(evidence_id=evidence.pk).order_by("seq", "id"):
        if event.seq != expected_seq or event.prev_hash != prev or custody_hash(prev, event) != event.hash:
            return event.pk
        prev = event.hash
        last_id = event.pk
        expected_seq += 1
    head = Evidence.objects.filter(pk=evidence.pk).values_list("custody_head", flat=True).first()
    if head is not None and head != prev:
        return last_id
    return None
