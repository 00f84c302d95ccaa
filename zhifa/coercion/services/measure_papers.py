"""The documents of a 查封/扣押/冻结 (RECORDS §2.4): 04.02 决定书 and 04.04 清单 delivered on the spot
(强制法第二十四条: 当场交付), 04.03 现场笔录 (第十八条第七至十项), 04.07 延长期限通知书 when the
extension is approved (第二十五条第二款) and 04.09 解除决定书 on release (第二十八条)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from zhifa.cases.paperwork.words import cn_date
from zhifa.core.audit import Actor
from zhifa.documents.models import Document

from .. import rules
from ..models import Measure, MeasureKind, ReleaseGround
from ..paperwork import base_context, cn_moment, issue, issued, officers_block


def measure_context(measure: Measure, today: date) -> dict[str, Any]:
    context = base_context(measure.organisation, measure.party, measure.party_name, today)
    decision = issued(measure, "04.02")
    started_on = timezone.localtime(measure.started_at).date() if measure.started_at else None
    context["officers"] = officers_block(list(measure.officer_ids))
    context["measure"] = {
        "kind": measure.kind,
        "kind_label": MeasureKind(measure.kind).label,
        "reason": measure.reason.rstrip("。"),
        "place": measure.place,
        "items": list(measure.items),
        "urgent": measure.urgent,
        "started_at": cn_moment(measure.started_at),
        "started_on": cn_date(started_on),
        "term_days": rules.TERM_DAYS,
        "ends_on": cn_date(measure.ends_on),
        "decision_number": decision.number if decision else "",
        "party_present": "是" if measure.party_present else "否（已邀请见证人到场）",
        "witness": measure.witness,
        "seals": measure.seals,
        "scene_note": measure.scene_note,
    }
    return context


def issue_taking_papers(actor: Actor, measure: Measure) -> list[Document]:
    """When the measure is taken: the decision and the list handed over on the spot, and the record."""
    assert measure.started_at is not None
    on = timezone.localtime(measure.started_at).date()
    recipient = (
        measure.party_name if measure.party_present else f"{measure.party_name}（见证人：{measure.witness}）"
    )
    context = measure_context(measure, on)  # read once: the three papers bind the same facts
    served = {"04.02": True, "04.04": True, "04.03": False}  # 决定书 and 清单 handed over; 笔录 signed
    return [
        issue(
            actor=actor,
            subject=measure,
            organisation=measure.organisation,
            code=code,
            context=context,
            served_on=on if handed_over else None,
            recipient=recipient,
        )
        for code, handed_over in served.items()
    ]


def issue_extension_notice(actor: Actor, measure: Measure, original_ends_on: date | None) -> Document:
    assert measure.notified_on is not None
    context = measure_context(measure, measure.notified_on)
    context["measure"].update(
        {
            "original_ends_on": cn_date(original_ends_on),
            "extension_reason": measure.extension_reason.rstrip("。"),
            "extension_days": rules.EXTENSION_DAYS,
            "extension_basis": "《中华人民共和国行政强制法》"
            + ("第三十二条第一款" if measure.kind == MeasureKind.FREEZE else "第二十五条第一款"),
        }
    )
    return issue(
        actor=actor,
        subject=measure,
        organisation=measure.organisation,
        code="04.07",
        context=context,
        served_on=measure.notified_on,
        recipient=measure.party_name,
    )


def issue_release_decision(actor: Actor, measure: Measure) -> Document:
    assert measure.released_on is not None
    context = measure_context(measure, measure.released_on)
    context["measure"].update(
        {
            "release_ground": ReleaseGround(measure.release_reason).label,
            "release_note": measure.release_note,
            "released_on": cn_date(measure.released_on),
        }
    )
    return issue(
        actor=actor,
        subject=measure,
        organisation=measure.organisation,
        code="04.09",
        context=context,
        served_on=measure.released_on,
        recipient=measure.party_name,
    )
