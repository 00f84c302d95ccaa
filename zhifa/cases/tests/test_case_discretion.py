"""The chosen tier of a published 裁量基准 sets the recommended range (处罚法第34条); a decision outside
it needs a written reason and flags the case for supervision; the standard's provisions fill the
case's 违法依据/处罚依据 (entered once)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from zhifa.cases.choices import CaseState as S
from zhifa.core.errors import ValidationError
from zhifa.legal.models import DiscretionTier
from zhifa.legal.tests.powers_factories import make_standard

pytestmark = pytest.mark.django_db
D = date


def opened(w: Any) -> Any:
    case = w.act(w.user_a, w.register(), "open", D(2026, 3, 10))
    return w.approve_all(case, D(2026, 3, 10), w.leader, w.head)


def test_the_tier_sets_the_range_and_a_fine_outside_it_needs_a_reason_and_is_flagged(case_world: Any) -> None:
    w = case_world
    standard = make_standard(
        w.unit.parent,  # the city bureau's published standard applies to the district unit
        violated_provision="《排污许可管理条例》第十八条",
        penalty_provision="《排污许可管理条例》第三十六条",
    )
    tier = DiscretionTier.objects.get(standard=standard, order=2)  # 一万元以上二万元以下
    case = w.act(
        w.user_a,
        opened(w),
        "conclude_investigation",
        D(2026, 3, 20),
        facts="未依法备案排污登记",
        evidence_summary="现场检查笔录",
        proposed_kinds=["fine"],
        proposed_fine="30000",
        discretion_tier=str(tier.pk),
    )
    assert (case.discretion_lo, case.discretion_hi) == (Decimal("10000.00"), Decimal("20000.00"))
    assert case.basis_penalty == "《排污许可管理条例》第三十六条"
    w.act(w.user_a, case, "submit_review", D(2026, 3, 20))
    w.approve(w.leader, case, D(2026, 3, 23))
    case = w.act(w.user_a, case, "notify", D(2026, 4, 1), served_on="2026-04-01")
    with pytest.raises(ValidationError, match="裁量"):
        w.act(w.user_a, case, "submit_decision", D(2026, 4, 10))
    case = w.act(
        w.user_a,
        case,
        "submit_decision",
        D(2026, 4, 10),
        discretion_reason="多次违法，危害后果较重，从重处罚",
    )
    case = w.approve_all(case, D(2026, 4, 10), w.leader, w.head)
    assert (case.state, case.decided_fine, case.supervision_flag) == (S.DECIDED, Decimal("30000.00"), True)


def test_a_tier_of_an_unpublished_or_foreign_standard_is_refused(case_world: Any, org_world: Any) -> None:
    w = case_world
    draft = make_standard(w.unit, status="draft")
    foreign = make_standard(org_world.sibling_child)
    case = opened(w)
    for standard in (draft, foreign):
        tier = DiscretionTier.objects.filter(standard=standard).first()
        assert tier is not None
        with pytest.raises(ValidationError, match="裁量基准未发布、不适用于本单位"):
            w.act(
                w.user_a,
                case,
                "conclude_investigation",
                D(2026, 3, 20),
                facts="未依法备案",
                proposed_kinds=["fine"],
                proposed_fine="5000",
                discretion_tier=str(tier.pk),
            )


def test_first_violation_needs_no_earlier_penalty_for_the_same_act(case_world: Any) -> None:
    """处罚法第33条第一款第二句: 初次违法 — an earlier penalty for the same violation rules it out."""
    from .test_case_engine import to_notified

    w = case_world
    first = to_notified(w, w.register())
    first = w.act(w.user_a, first, "submit_decision", D(2026, 4, 10))
    w.approve_all(first, D(2026, 4, 10), w.leader, w.head)
    again = to_notified(w, w.register())
    with pytest.raises(ValidationError, match="曾因同一违法行为受到行政处罚"):
        w.act(
            w.user_a,
            again,
            "submit_decision",
            D(2026, 4, 13),
            outcome="no_penalty",
            no_penalty_ground="first_violation",
            note="初次违法",
        )


def test_where_a_first_violation_list_is_in_force_only_listed_powers_qualify(case_world: Any) -> None:
    from zhifa.cases.models import FirstViolationEntry
    from zhifa.legal.tests.powers_factories import make_power

    from .test_case_engine import to_notified

    w = case_world
    listed = make_power(w.unit, "FV-001")
    FirstViolationEntry.objects.create(
        province_code="44",
        valid_from=D(2021, 7, 15),
        basis="广东省首违不罚事项清单（示例）",
        item_no="1",
        power=listed,
        violation="未按规定公示营业执照",
    )
    no_power = to_notified(w, w.register())
    with pytest.raises(ValidationError, match="不在适用的首违不罚清单内"):
        w.act(
            w.user_a,
            no_power,
            "submit_decision",
            D(2026, 4, 10),
            outcome="no_penalty",
            no_penalty_ground="first_violation",
            note="初次违法",
        )
    on_list = to_notified(w, w.register(power=listed))
    on_list = w.act(
        w.user_a,
        on_list,
        "submit_decision",
        D(2026, 4, 10),
        outcome="no_penalty",
        no_penalty_ground="first_violation",
        note="初次违法且危害后果轻微并及时改正",
    )
    assert on_list.state == S.DECIDING
