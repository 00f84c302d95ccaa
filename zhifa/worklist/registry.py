"""Approval types, registered by the owning apps in their `AppConfig.ready()` (hooks, not signals):

register_approval_type(
    "cases.penalty_decision", "行政处罚决定审批",
    on_finished=penalty_decision_finished,          # (*, run, actor) -> None, inside the transaction
    eligibility=case_approval_eligibility,          # (user, run, step_index) -> Chinese reason | None
    default_steps=(ApprovalStepSpec("team_leader", "承办机构负责人审核"),
                   ApprovalStepSpec("legal_reviewer", "法制审核"),
                   ApprovalStepSpec("agency_head", "机关负责人审批")),
)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zhifa.core.errors import ValidationError


@dataclass(frozen=True)
class ApprovalStepSpec:
    role: str  # a role code of zhifa.orgs.roles.ROLE_SPECS, e.g. "team_leader", "legal_reviewer"
    label: str  # 环节名称, e.g. "法制审核"

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "label": self.label}


@dataclass(frozen=True)
class ApprovalType:
    code: str
    name: str
    on_finished: Callable[..., None]
    eligibility: Callable[..., str | None] | None
    default_steps: tuple[ApprovalStepSpec, ...]
    on_withdrawn: Callable[..., None] | None = None  # (*, run, actor) -> None, inside the transaction


_TYPES: dict[str, ApprovalType] = {}


def register_approval_type(
    code: str,
    name: str,
    *,
    on_finished: Callable[..., None],
    eligibility: Callable[..., str | None] | None = None,
    default_steps: tuple[ApprovalStepSpec, ...],
    on_withdrawn: Callable[..., None] | None = None,
) -> ApprovalType:
    if not default_steps:
        raise ValueError(f"{code}: an approval type needs at least one step")
    kind = ApprovalType(code, name, on_finished, eligibility, tuple(default_steps), on_withdrawn)
    _TYPES[code] = kind
    return kind


def approval_type(code: str) -> ApprovalType:
    try:
        return _TYPES[code]
    except KeyError:
        raise ValidationError(f"未登记的审批类型：{code}") from None


def approval_type_name(code: str) -> str:
    kind = _TYPES.get(code)
    return kind.name if kind else code


def registered_approval_types() -> tuple[str, ...]:
    return tuple(sorted(_TYPES))


def validate_steps(steps: Any) -> list[dict[str, str]]:
    """A chain's steps as stored (admin input): a non-empty list of {role, label} with known roles."""
    from zhifa.orgs.models import Role
    from zhifa.orgs.roles import ROLE_BY_CODE

    if not isinstance(steps, list) or not steps:
        raise ValidationError("审批环节至少一个", fields={"steps": ["请填写审批环节列表"]})
    known = set(ROLE_BY_CODE) | set(Role.objects.values_list("code", flat=True))
    cleaned: list[dict[str, str]] = []
    for i, step in enumerate(steps, start=1):
        if not isinstance(step, dict) or not step.get("role") or not step.get("label"):
            raise ValidationError("审批环节格式有误", fields={"steps": [f"第{i}个环节须包含 role 和 label"]})
        if step["role"] not in known:
            raise ValidationError(
                "审批环节角色不存在", fields={"steps": [f"第{i}个环节的角色 {step['role']} 不存在"]}
            )
        cleaned.append({"role": str(step["role"]), "label": str(step["label"])[:100]})
    return cleaned


# "My deadlines" on 我的待办: the owning apps (cases …) register a source in AppConfig.ready() that
# returns, for a user, the open deadlines of the subjects they handle, each with a title and a link.
@dataclass(frozen=True)
class MyDeadline:
    deadline: Any  # zhifa.worklist.models.Deadline
    subject_title: str
    url: str


_DEADLINE_SOURCES: list[Callable[[Any], list[MyDeadline]]] = []


def register_deadline_source(source: Callable[[Any], list[MyDeadline]]) -> None:
    if source not in _DEADLINE_SOURCES:
        _DEADLINE_SOURCES.append(source)


def my_deadlines(user: Any) -> list[MyDeadline]:
    """Every registered source's rows for `user`, soonest first."""
    rows = [row for source in _DEADLINE_SOURCES for row in source(user)]
    return sorted(rows, key=lambda r: (r.deadline.due_on, r.deadline.pk))
