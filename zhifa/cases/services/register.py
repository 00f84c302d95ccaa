"""登记: a new case, pinned to the procedure version in force (ARCHITECTURE §5)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import ValidationError
from zhifa.documents.services.numbering import allocate_seq, format_number
from zhifa.legal.models import Power
from zhifa.orgs.models import Officer, Organisation
from zhifa.parties.models import Party

from ..choices import CaseSource, CaseState, HandlerRole, ProcedureKind
from ..clocks import start_lead_verification
from ..models import Case, CaseEvent, CaseHandler
from ..procedures import procedure_in_force

CASE_NUMBER_KIND = "案"  # 案件编号 share the 文号 sequences and formats (NumberingFormat, per unit)


def _next_number(organisation: Organisation, year: int) -> str:
    """案件编号 gap-free per unit and year, allocated inside the registering transaction."""
    seq = allocate_seq(organisation=organisation, number_kind=CASE_NUMBER_KIND, year=year)
    return format_number(organisation, CASE_NUMBER_KIND, year, seq)


def _sector(organisation: Organisation, power: Power | None) -> str:
    """The enforcement domain whose rules apply: the power's, else the unit's only domain."""
    if power is not None and power.domain is not None:
        return power.domain.code
    codes = list(organisation.domains.values_list("code", flat=True)[:2])
    return codes[0] if len(codes) == 1 else ""


def case_register(
    *,
    actor: Actor,
    organisation: Organisation,
    party: Party,
    cause: str,
    act_on: date,
    discovered_on: date,
    officers: Sequence[Officer],
    procedure: str = ProcedureKind.GENERAL,
    power: Power | None = None,
    source: str = CaseSource.INSPECTION,
    facts: str = "",
    place: str = "",
    act_ended_on: date | None = None,
    today: date | None = None,
    **flags: Any,
) -> Case:
    """Register (登记) a case for `organisation` against `party`, handled by `officers` (the first is
    the lead). Gates run at 立案 (or, in the summary procedure, at the on-the-spot decision)."""
    today = today or timezone.localdate()
    problems: list[str] = []
    if not cause.strip():
        problems.append("请填写案由")
    if discovered_on > today or act_on > today:
        problems.append("违法行为发生日和发现日不能晚于今天")
    if act_on > discovered_on:
        problems.append("违法行为发生日不能晚于发现日")
    if act_ended_on and act_ended_on < act_on:
        problems.append("连续或继续状态终了日不能早于违法行为发生日")
    if not officers:
        problems.append("请指定承办人员")
    if any(o.organisation_id != organisation.pk for o in officers):
        problems.append("承办人员须为本单位执法人员")
    if procedure not in ProcedureKind.values:
        problems.append("程序类型无效")
    if problems:
        raise ValidationError("；".join(problems))
    definition = procedure_in_force(procedure, today)
    allowed_flags = {
        "life_health_or_financial_harm",
        "major_public_interest",
        "major_rights",
        "complex_case",
        "other_law_review",
        "serious_violation",
    }
    unknown = set(flags) - allowed_flags
    if unknown:
        raise ValidationError("未知的案件属性：" + "、".join(sorted(unknown)))
    with transaction.atomic():
        case = Case.objects.create(
            number=_next_number(organisation, today.year),
            procedure=procedure,
            procedure_version=definition.version,
            state=CaseState.REGISTERED,
            organisation=organisation,
            region_code=organisation.region_code,
            sector=_sector(organisation, power),
            power=power,
            party=party,
            party_name=party.name,
            party_kind=party.kind,
            cause=cause.strip(),
            source=source,
            facts=facts,
            place=place,
            act_on=act_on,
            act_ended_on=act_ended_on,
            discovered_on=discovered_on,
            created_by_id=actor.id,
            **{k: bool(v) for k, v in flags.items()},
        )
        seen: set[int] = set()
        for i, officer in enumerate(officers):
            if officer.pk in seen:
                continue
            seen.add(officer.pk)
            CaseHandler.objects.create(
                case=case,
                officer=officer,
                user_id=officer.user_id,
                role=HandlerRole.LEAD if i == 0 else HandlerRole.ASSIST,
            )
        CaseEvent.objects.create(
            case=case,
            action="register",
            label="登记",
            to_state=case.state,
            actor_id=actor.id,
            actor_label=actor.label,
            occurred_at=timezone.now(),
        )
        if procedure == ProcedureKind.GENERAL:
            start_lead_verification(actor, case)
        audit_append(
            actor=actor,
            action="cases.case.register",
            subject=case,
            payload={"number": case.number, "procedure": procedure, "party": party.pk},
        )
    return case
