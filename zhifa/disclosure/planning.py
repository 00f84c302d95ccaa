"""From a source record to the publication row: the rules' plan (publish or exempt, class, regime,
clocks) with the configuration in force, and the masked public content."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from zhifa.legal.rules.discretion import PenaltyKind

from . import rules
from .config import ConfigCache
from .grams import search_grams
from .masking import (
    MaskContext,
    mask_context,
    public_legal_representative,
    public_party_code,
    public_party_name,
    redact_text,
)
from .models import Publication, PublicationKind, PublicationState
from .sources import SourceRecord

TEXT_FIELDS = ("number", "title", "facts", "basis", "decision", "licence")
FIELD_LABELS = {
    "number": "文号",
    "title": "案由/检查事项",
    "party_name": "相对人名称",
    "party_code": "相对人代码",
    "legal_representative": "法定代表人",
    "facts": "违法事实/检查情况",
    "basis": "依据",
    "decision": "决定内容/检查结果",
    "licence": "暂扣或吊销证照名称及编号",
    "end_note": "撤下/撤回说明",
}


def context_of(record: SourceRecord) -> MaskContext:
    return mask_context(record.party, record.other_names)


def penalty_facts(record: SourceRecord) -> rules.PenaltyFacts:
    return rules.PenaltyFacts(
        decided_on=record.decided_on,
        kinds=record.penalty_kinds,
        fine=record.fine,
        confiscation=record.confiscation,
        summary=record.procedure == "summary",
        person=record.person,
        minor_party=record.party_minor,
        collective=record.collective,
        title=record.title,
        sector=record.sector,
    )


def plan_for(record: SourceRecord, cache: ConfigCache) -> tuple[rules.Plan, rules.DeadlineSpec]:
    """The plan of one record with the configuration in force on its decision date."""
    on, region, sector = record.decided_on, record.region_code, record.sector
    deadline = cache.deadline(record.kind, on, region, sector)
    if record.kind != PublicationKind.PENALTY:
        plan = rules.plan_result(on, deadline=deadline, person=record.person, minor_party=record.party_minor)
        return plan, deadline
    facts = penalty_facts(record)
    policy = cache.severity(on, region, sector)
    severity = rules.classify_severity(facts, policy)
    regime = rules.regime_for(on, deadline.period_regime)
    low = cache.low(on, region, sector) if regime == rules.PeriodRegime.SAMR45 else None
    klass = rules.period_class(regime, severity, facts, low)
    period = cache.period(regime, klass, on, region, sector, record.title)
    plan = rules.plan_penalty(facts, deadline=deadline, severity_policy=policy, period=period, low=low)
    return plan, deadline


def public_values(record: SourceRecord) -> dict[str, str]:
    """The masked public text of a record (RULES §6.3)."""
    ctx = context_of(record)
    values = {name: redact_text(str(getattr(record, name) or ""), ctx) for name in TEXT_FIELDS}
    values.update(
        party_name=public_party_name(record.party),
        party_code=public_party_code(record.party),
        legal_representative=public_legal_representative(record.party),
    )
    return values


def build_publication(record: SourceRecord, cache: ConfigCache, *, today: date) -> Publication:
    """An unsaved Publication for `record`: PENDING for review, or EXEMPT with the rule's reason."""
    plan, deadline = plan_for(record, cache)
    due_on, provisional = cache.due_on(record.decided_on, deadline.amount, deadline.unit)
    state, reason = PublicationState.PENDING, ""
    if not plan.publish:
        state, reason = PublicationState.EXEMPT, plan.exempt_reason
    elif rules.expired_before_publication(plan, today):
        state = PublicationState.EXEMPT
        reason = f"公示期已于{plan.public_until:%Y年%m月%d日}届满，不再公示"
    values = public_values(record)
    labels = dict(PenaltyKind.choices)
    now = timezone.now()
    return Publication(
        kind=record.kind,
        state=state,
        subject_type=record.subject_type,
        subject_id=record.subject_id,
        organisation_id=record.organisation_id,
        organisation_name=record.organisation_name[:200],
        region_code=record.region_code[:12],
        number=values["number"][:128],
        title=values["title"][:500] or "—",
        party_kind=record.party.kind,
        party_id=record.party_id,
        party_name=values["party_name"][:200],
        party_code=values["party_code"][:64],
        legal_representative=values["legal_representative"][:50],
        facts=values["facts"],
        basis=values["basis"],
        decision=values["decision"],
        penalty_kinds=[str(labels.get(k, k)) for k in record.penalty_kinds],
        fine_amount=record.fine,
        confiscation_amount=record.confiscation,
        licence=values["licence"][:200],
        decided_on=record.decided_on,
        severity=plan.severity,
        regime=plan.regime,
        sector=record.sector[:32],
        procedure=record.procedure[:10],
        due_on=due_on,
        due_provisional=provisional,
        public_until=plan.public_until,
        repair_from=plan.repair_from,
        exempt_reason=reason[:200],
        search_grams=search_grams(
            party_name=values["party_name"], party_code=values["party_code"], number=values["number"]
        ),
        created_at=now,
        updated_at=now,
    )
