"""Builders for powers and discretion standards in tests (through the services, as a system actor)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zhifa.core.audit import Actor
from zhifa.legal.models import DiscretionStandard, DiscretionStatus, Power, PowerKind
from zhifa.legal.services.discretion import (
    discretion_approve,
    discretion_create,
    discretion_publish,
    discretion_submit,
)
from zhifa.legal.services.powers import (
    power_batch_add_change,
    power_batch_approve,
    power_batch_create,
    power_batch_submit,
)
from zhifa.orgs.tests.factories import domain

SYSTEM = Actor.system("tests")

TIERS = [
    {
        "label": "1",
        "circumstances": ["无生产、经营污染物排放"],
        "standard_text": "责令备案，处一万元以下罚款",
    },
    {
        "label": "2",
        "circumstances": ["有生产、经营污染物排放"],
        "standard_text": "责令备案，处一万元以上二万元以下的罚款",
    },
    {
        "label": "3",
        "circumstances": ["发现有超标排放污染物的"],
        "standard_text": "责令备案，处二万元以上四万元以下的罚款",
    },
]


def power_data(org: Any, code: str, **overrides: Any) -> dict[str, Any]:
    data = {
        "code": code,
        "name": f"对违法行为{code}的行政处罚",
        "kind": PowerKind.PENALTY,
        "domain_id": domain().pk,
        "subject_level": org.level,
        "organisation_id": org.pk,
        "may_involve_crime": False,
        "bases": [{"category": "penalty", "law_title": "《中华人民共和国测试法》", "provision": "第一条"}],
    }
    data.update(overrides)
    return data


def make_power(org: Any, code: str, **overrides: Any) -> Power:
    batch = power_batch_create(actor=SYSTEM, title=f"新增{code}", reason="测试", organisation=org)
    power_batch_add_change(
        actor=SYSTEM, batch=batch, action="create", data=power_data(org, code, **overrides)
    )
    power_batch_submit(actor=SYSTEM, batch=batch)
    power_batch_approve(actor=SYSTEM, batch=batch)
    return Power.objects.get(code=code)


def make_standard(
    org: Any, *, status: str = DiscretionStatus.PUBLISHED, violation: str = "未依法备案的", **data: Any
) -> DiscretionStandard:
    standard = discretion_create(
        actor=SYSTEM, organisation=org, violation=violation, tiers=data.pop("tiers", TIERS), **data
    )
    steps_by_status: dict[str, list[Callable[..., DiscretionStandard]]] = {
        DiscretionStatus.DRAFT: [],
        DiscretionStatus.SUBMITTED: [discretion_submit],
        DiscretionStatus.APPROVED: [discretion_submit, discretion_approve],
        DiscretionStatus.PUBLISHED: [discretion_submit, discretion_approve, discretion_publish],
    }
    for step in steps_by_status[status]:
        standard = step(actor=SYSTEM, standard=standard)
    return standard
