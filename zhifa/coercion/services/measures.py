"""Starting a measure: with the head's prior approval (强制法第十八条第一项) or, in an emergency, on the
spot with the approval sought within 24 hours (第十九条); the approval's hook puts it in force with
its 30-day term (第二十五条第一款; 冻结: 第三十二条第一款)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.cases.models import Case, CaseHandler
from zhifa.cases.permissions import CasePerm
from zhifa.cases.rules.officers import officer_team_problems
from zhifa.cases.selectors import case_in_scope
from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import PermissionDenied, ValidationError
from zhifa.orgs.models import Officer, Organisation
from zhifa.orgs.scopes import has_perm, scope_contains
from zhifa.parties.models import Party
from zhifa.worklist.models import ApprovalDecision, ApprovalRun
from zhifa.worklist.registry import ApprovalStepSpec, register_approval_type
from zhifa.worklist.services import approval_start, deadline_meet_rule, deadline_start

from .. import rules
from ..models import Measure, MeasureKind, MeasureState
from ..permissions import CoercionPerm
from .common import save
from .measure_papers import issue_taking_papers

MEASURE_APPROVAL = "coercion.measure"
EXTENSION_APPROVAL = "coercion.extension"
# 强制法第十八条第一项: 实施前须向行政机关负责人报告并经批准; 第十九条: 补办批准手续.
MEASURE_STEPS = (ApprovalStepSpec("agency_head", "行政机关负责人批准"),)
# 第二十五条第一款 / 第三十二条第一款: 情况复杂的，经行政机关负责人批准，可以延长.
EXTENSION_STEPS = (ApprovalStepSpec("agency_head", "行政机关负责人批准延长"),)


def clean_items(items: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    """The 场所、设施、财物清单 (第二十四条第二款: 查封、扣押清单一式二份): each row needs a name."""
    cleaned = []
    for row in items:
        name = str(row.get("name", "")).strip()
        if not name:
            continue
        cleaned.append({k: str(row.get(k, "")).strip()[:200] for k in ("name", "spec", "quantity", "place")})
    return cleaned


def team(officer_ids: Sequence[int], organisation: Organisation, on: date) -> tuple[list[Officer], list[str]]:
    """强制法第十七条第三款: 由具备资格的行政执法人员实施; 第十八条第二项: 由两名以上行政执法人员实施.
    The certificate and presence checks are the cases app's (officer_team_problems); its messages
    name 处罚法第四十二条, rewritten here to this statute."""
    officers = list(Officer.objects.filter(pk__in=list(officer_ids), organisation_id=organisation.pk))
    problems = [
        p.replace("行政处罚法第四十二条", "行政强制法第十七条、第十八条")
        for p in officer_team_problems(officers, on=on)
    ]
    if len(officers) != len(set(officer_ids)):
        problems.append("实施人员须为本机关执法人员")
    return officers, problems


def _authorise(user: Any, case: Case | None, organisation: Organisation) -> None:
    if not has_perm(user, CoercionPerm.HANDLE):
        raise PermissionDenied("您没有实施行政强制措施的权限")
    if case is not None:
        handlers = set(CaseHandler.objects.filter(case=case).values_list("user_id", flat=True))
        if not case_in_scope(user, case, CasePerm.HANDLE, handler_user_ids={h for h in handlers if h}):
            raise PermissionDenied("您不能对本案采取强制措施")
    elif not scope_contains(
        user,
        CoercionPerm.HANDLE,
        organisation_id=organisation.pk,
        region_code=organisation.region_code,
        owner_ids={user.pk},
    ):
        raise PermissionDenied("您不能以该机关名义实施强制措施")


def _create(
    *,
    actor: Actor,
    user: Any,
    kind: str,
    case: Case | None,
    party: Party | None,
    organisation: Organisation | None,
    reason: str,
    items: Sequence[dict[str, Any]],
    place: str,
    officer_ids: Sequence[int],
    urgent: bool,
    now: datetime,
    scene: dict[str, Any] | None = None,
) -> Measure:
    if kind not in MeasureKind.values:
        raise ValidationError("强制措施种类无效")
    if case is not None:
        organisation = case.organisation
    if organisation is None:
        raise ValidationError("请选择实施机关")
    _authorise(user, case, organisation)
    problems: list[str] = []
    if case is None and party is None:
        problems.append("未关联案件的强制措施须选择当事人")
    if not reason.strip():
        problems.append("请填写实施理由和依据")
    if not place.strip():
        problems.append("请填写实施地点")
    cleaned = clean_items(items)
    if not cleaned:
        problems.append("请填写查封、扣押、冻结的场所、设施或者财物清单（行政强制法第二十四条）")
    _, team_problems = team(officer_ids, organisation, timezone.localdate(now))
    problems += team_problems
    scene = scene or {}
    party_present = bool(scene.get("party_present", True))
    witness = str(scene.get("witness", "")).strip()[:200]
    if not party_present and not witness:
        problems.append("当事人不到场的，应当邀请见证人到场（行政强制法第十八条第八项）")
    if problems:
        raise ValidationError("；".join(problems))
    measure = Measure.objects.create(
        kind=kind,
        state=MeasureState.TAKEN_URGENTLY if urgent else MeasureState.REQUESTED,
        case=case,
        case_number=case.number if case else "",
        party=party if party is not None else (case.party if case else None),
        party_name=case.party_name if case else (party.name if party else ""),
        organisation=organisation,
        region_code=organisation.region_code,
        reason=reason.strip(),
        items=cleaned,
        place=place.strip(),
        officer_ids=sorted(set(officer_ids)),
        urgent=urgent,
        party_present=party_present,
        witness=witness,
        seals=str(scene.get("seals", "")).strip()[:255],
        scene_note=str(scene.get("scene_note", "")).strip(),
        requested_at=now,
        started_at=now if urgent else None,
        created_by_id=user.pk,
    )
    audit_append(
        actor=actor,
        action="coercion.measure.take" if urgent else "coercion.measure.request",
        subject=measure,
        payload={"kind": kind, "case": measure.case_id, "items": len(cleaned), "urgent": urgent},
    )
    approval_start(
        actor=actor,
        subject=measure,
        organisation=organisation,
        approval_type=MEASURE_APPROVAL,
        summary={
            "措施": MeasureKind(kind).label,
            "当事人": measure.party_name,
            "案件编号": measure.case_number,
            "实施地点": measure.place,
            "实施理由": measure.reason,
            "情况紧急当场实施": urgent,
            "清单": [i["name"] for i in cleaned],
        },
    )
    return measure


def measure_request(
    *,
    actor: Actor,
    user: Any,
    kind: str,
    reason: str,
    items: Sequence[dict[str, Any]],
    place: str,
    officer_ids: Sequence[int],
    case: Case | None = None,
    party: Party | None = None,
    organisation: Organisation | None = None,
    scene: dict[str, Any] | None = None,
) -> Measure:
    """提请采取强制措施: recorded and put to the head's prior approval (强制法第十八条第一项)."""
    with transaction.atomic():
        return _create(
            actor=actor,
            user=user,
            kind=kind,
            case=case,
            party=party,
            organisation=organisation,
            reason=reason,
            items=items,
            place=place,
            officer_ids=officer_ids,
            urgent=False,
            now=timezone.now(),
            scene=scene,
        )


def measure_take_urgently(
    *,
    actor: Actor,
    user: Any,
    kind: str,
    reason: str,
    items: Sequence[dict[str, Any]],
    place: str,
    officer_ids: Sequence[int],
    case: Case | None = None,
    party: Party | None = None,
    organisation: Organisation | None = None,
    scene: dict[str, Any] | None = None,
) -> Measure:
    """情况紧急，当场实施 (强制法第十九条): the measure is taken now and reported to the head at once;
    the approval must be obtained within 24 hours (worklist row of one calendar day, exact hour on
    the page: rules.urgent_due_at)."""
    now = timezone.now()
    with transaction.atomic():
        measure = _create(
            actor=actor,
            user=user,
            kind=kind,
            case=case,
            party=party,
            organisation=organisation,
            reason=reason,
            items=items,
            place=place,
            officer_ids=officer_ids,
            urgent=True,
            now=now,
            scene=scene,
        )
        issue_taking_papers(actor, measure)  # 第二十四条: 当场交付决定书和清单; 现场笔录
        deadline_start(
            actor=actor,
            subject=measure,
            organisation=measure.organisation,
            rule=rules.URGENT_APPROVAL,
            started_on=timezone.localtime(now).date(),
        )
    return measure


def _decision(run: ApprovalRun) -> tuple[datetime, str]:
    last = ApprovalDecision.objects.filter(run=run).order_by("-step_index").first()
    return (last.decided_at if last else timezone.now()), (last.comment if last else "")


def start_term(actor: Actor, measure: Measure) -> None:
    """第二十五条第一款 / 第三十二条第一款: 30 calendar days from the day the measure was taken (the
    period runs from the next day; a last day on a rest day or holiday rolls — worklist.rules)."""
    assert measure.started_at is not None
    deadline = deadline_start(
        actor=actor,
        subject=measure,
        organisation=measure.organisation,
        rule=rules.term_rule(measure.kind),
        started_on=timezone.localtime(measure.started_at).date(),
    )
    measure.ends_on = deadline.due_on


def _measure_finished(*, run: ApprovalRun, actor: Actor) -> None:
    """The head's decision. Prior approval: approved → taken now and in force; refused → not taken.
    After the fact (第十九条): the 24-hour clock is met; approved → in force; refused → the measure
    must be released at once (a same-day release clock)."""
    at, comment = _decision(run)
    measure = Measure.objects.select_for_update().select_related("organisation").get(pk=run.subject_id)
    measure.decided_at = at
    approved = run.status == "approved"
    if measure.state == MeasureState.TAKEN_URGENTLY:
        deadline_meet_rule(
            actor=actor,
            subject=measure,
            rule_code=rules.URGENT_APPROVAL.code,
            on=timezone.localtime(at).date(),
        )
        if not approved:
            measure.state, measure.refusal_reason = MeasureState.REFUSED_AFTER, comment
            deadline_start(
                actor=actor,
                subject=measure,
                organisation=measure.organisation,
                rule=rules.RELEASE_NOW,
                started_on=timezone.localtime(at).date(),
            )
            save(actor, measure, "refuse_after", reason=comment)
            return
    elif not approved:
        measure.state, measure.refusal_reason = MeasureState.REFUSED, comment
        save(actor, measure, "refuse", reason=comment)
        return
    else:
        measure.started_at = at
    prior = measure.state == MeasureState.REQUESTED
    measure.state = MeasureState.IN_FORCE
    start_term(actor, measure)
    save(actor, measure, "approve", ends_on=measure.ends_on.isoformat() if measure.ends_on else None)
    if prior:  # taken now: 决定书 and 清单 handed over, 现场笔录 made (第十八条、第二十四条)
        issue_taking_papers(actor, measure)


def _measure_withdrawn(*, run: ApprovalRun, actor: Actor) -> None:
    measure = Measure.objects.select_for_update().get(pk=run.subject_id)
    if measure.state == MeasureState.REQUESTED:
        measure.state, measure.refusal_reason = MeasureState.REFUSED, "提请人撤回"
        save(actor, measure, "withdraw")


def register_coercion_approvals() -> None:
    from .lifecycle import extension_finished, extension_withdrawn

    register_approval_type(
        MEASURE_APPROVAL,
        "行政强制措施审批",
        on_finished=_measure_finished,
        default_steps=MEASURE_STEPS,
        on_withdrawn=_measure_withdrawn,
    )
    register_approval_type(
        EXTENSION_APPROVAL,
        "延长行政强制措施期限审批",
        on_finished=extension_finished,
        default_steps=EXTENSION_STEPS,
        on_withdrawn=extension_withdrawn,
    )
