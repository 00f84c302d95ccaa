"""双随机 draw: reproducible, certified and unconflicted officers only, weighted, audited."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from typing import Any

import pytest

from zhifa.core.audit import Actor, audit_verify
from zhifa.core.errors import ValidationError
from zhifa.core.models import AuditEvent
from zhifa.orgs.choices import CertificateStatus

from ..choices import PlanState
from ..models import DrawEntry, OfficerConflict
from ..rules import class_weighted_sample, es_sample
from ..services import draw_replay, draw_verify, inspection_draw, plan_create, plan_dispatch
from .factories import TODAY, make_officer, make_targets, market

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org_world: Any, make_user: Any) -> dict[str, Any]:
    org = org_world.agency
    dom = market()
    leader = make_user(org, "team_leader")
    officers = [make_officer(org, dom) for _ in range(6)]
    targets = make_targets(org, dom, ["red"] * 5 + ["yellow"] * 10 + ["blue"] * 25)
    return {"org": org, "domain": dom, "leader": leader, "officers": officers, "targets": targets}


def _plan(world: dict[str, Any], *, sample_size: int = 8, **kwargs: Any) -> Any:
    return plan_create(
        actor=Actor.of(world["leader"]),
        organisation=world["org"],
        domain=world["domain"],
        name="2025年食品经营双随机抽查",
        period_start=TODAY,
        period_end=TODAY + dt.timedelta(days=60),
        sample_size=sample_size,
        **kwargs,
    )


def test_same_seed_draws_the_same_targets_and_officers(world: dict[str, Any]) -> None:
    actor = Actor.of(world["leader"])
    first = inspection_draw(actor=actor, plan=_plan(world), seed=20250610, day=TODAY)
    second = inspection_draw(actor=actor, plan=_plan(world), seed=20250610, day=TODAY)
    other = inspection_draw(actor=actor, plan=_plan(world), seed=7, day=TODAY)
    assert first.target_ids == second.target_ids
    assert first.teams == second.teams
    assert len(first.target_ids) == 8 == len(set(first.target_ids))
    assert (first.target_ids, first.teams) != (other.target_ids, other.teams)
    replay = draw_replay(first)
    assert replay.target_ids == first.target_ids
    assert replay.teams == first.teams
    assert replay.digest == first.digest
    assert draw_verify(first)


def test_draw_without_seed_records_a_random_seed_that_replays(world: dict[str, Any]) -> None:
    draw = inspection_draw(actor=Actor.of(world["leader"]), plan=_plan(world), seed=None, day=TODAY)
    assert draw.seed > 0
    assert draw_replay(draw).target_ids == draw.target_ids


def test_draw_never_picks_an_uncertified_or_expired_officer(world: dict[str, Any]) -> None:
    org, dom = world["org"], world["domain"]
    barred = {
        make_officer(org, dom, certificate_status=CertificateStatus.SUSPENDED).pk,
        make_officer(org, dom, certificate_valid_to=TODAY - dt.timedelta(days=1)).pk,
        make_officer(org, dom, certificate_valid_from=TODAY + dt.timedelta(days=1)).pk,
        make_officer(org, None).pk,  # not certified for the domain
        make_officer(org, dom, is_active=False).pk,
        make_officer(org, dom, certificate_status=CertificateStatus.REVOKED).pk,
    }
    allowed = {o.pk for o in world["officers"]}
    for seed in range(30):
        draw = inspection_draw(
            actor=Actor.of(world["leader"]), plan=_plan(world, sample_size=20), seed=seed, day=TODAY
        )
        used = {o for team in draw.teams for o in team}
        assert used <= allowed
        assert not used & barred
        assert all(len(team) == 2 == len(set(team)) for team in draw.teams)


def test_draw_never_picks_a_conflicted_officer(world: dict[str, Any]) -> None:
    actor = Actor.of(world["leader"])
    target = world["targets"][0]
    listed, recent = world["officers"][0], world["officers"][1]
    OfficerConflict.objects.create(officer=listed, party=target.party, reason="近亲属")
    # `recent` inspected the same target last month (within the plan's 365-day lookback)
    earlier = _plan(world, sample_size=40)
    inspection_draw(actor=actor, plan=earlier, seed=1, day=TODAY - dt.timedelta(days=30))
    plan_dispatch(actor=actor, plan=earlier, today=TODAY - dt.timedelta(days=30))
    from ..models import Inspection

    prior = Inspection.objects.get(plan=earlier, party=target.party)
    prior.officer_links.all().delete()
    prior.officer_links.create(officer=recent, user_id=None, position=0)
    Inspection.objects.filter(pk=prior.pk).update(inspected_on=TODAY - dt.timedelta(days=30))
    for seed in range(40):
        draw = inspection_draw(actor=actor, plan=_plan(world, sample_size=40), seed=seed, day=TODAY)
        team = draw.teams[draw.target_ids.index(target.pk)]
        assert listed.pk not in team
        assert recent.pk not in team


def test_draw_refuses_when_too_few_officers_remain(world: dict[str, Any]) -> None:
    target = world["targets"][0]
    for officer in world["officers"][:5]:
        OfficerConflict.objects.create(officer=officer, party=target.party, reason="曾任职")
    with pytest.raises(ValidationError, match="找不到2名"):
        inspection_draw(actor=Actor.of(world["leader"]), plan=_plan(world, sample_size=40), seed=3, day=TODAY)


def test_draw_is_audited_with_seed_inputs_result_and_digest(world: dict[str, Any]) -> None:
    draw = inspection_draw(actor=Actor.of(world["leader"]), plan=_plan(world), seed=99, day=TODAY)
    event = AuditEvent.objects.get(action="inspections.draw.create", subject_id=str(draw.pk))
    import json

    payload = json.loads(event.payload)
    assert payload["seed"] == 99
    assert payload["targets"] == draw.target_ids
    assert payload["teams"] == draw.teams
    assert payload["digest"] == draw.digest
    assert len(draw.digest) == 64
    assert payload["inputs"]["candidates"] == {"blue": 25, "red": 5, "yellow": 10}
    assert audit_verify() is None
    entries = list(DrawEntry.objects.filter(draw=draw).order_by("position"))
    assert [e.target_id for e in entries] == draw.target_ids
    assert draw.plan.state == PlanState.DRAWN


def test_draw_filters_by_risk_class_and_region(world: dict[str, Any]) -> None:
    draw = inspection_draw(
        actor=Actor.of(world["leader"]),
        plan=_plan(world, sample_size=30, risks=["red", "yellow"]),
        seed=5,
        day=TODAY,
    )
    assert len(draw.target_ids) == 15  # only 15 red + yellow candidates exist
    risks = Counter(e.risk for e in DrawEntry.objects.filter(draw=draw))
    assert risks == {"red": 5, "yellow": 10}
    with pytest.raises(ValidationError):
        inspection_draw(
            actor=Actor.of(world["leader"]), plan=_plan(world, target_region="440304"), seed=5, day=TODAY
        )


# --- statistics (pure functions, no database) ----------------------------------------------------

WEIGHTS = {"red": 4.0, "yellow": 2.0, "blue": 1.0}
GROUPS = {"red": list(range(0, 3)), "yellow": list(range(3, 8)), "blue": list(range(8, 20))}


def _expected_first_pick() -> dict[str, float]:
    total = sum(WEIGHTS[c] * len(ids) for c, ids in GROUPS.items())
    return {c: WEIGHTS[c] * len(ids) / total for c, ids in GROUPS.items()}


def _within(observed: int, p: float, n: int) -> bool:
    sd = math.sqrt(n * p * (1 - p))
    return abs(observed - n * p) <= 4.5 * sd  # 4.5 σ: a false alarm about once in 150,000 runs


@pytest.mark.parametrize("sampler", ["class", "es"])
def test_draw_respects_risk_weights_over_ten_thousand_draws(sampler: str) -> None:
    """P(first pick in class c) = w_c·n_c / Σ w·n; every item's inclusion with k=5 matches E-S."""
    rng = random.Random(12345)
    n = 10_000
    first: Counter[str] = Counter()
    included: Counter[int] = Counter()
    flat = [(cid, WEIGHTS[c]) for c, ids in GROUPS.items() for cid in ids]
    cls_of = {cid: c for c, ids in GROUPS.items() for cid in ids}
    for _ in range(n):
        if sampler == "class":
            picked = [cid for cid, _ in class_weighted_sample(GROUPS, WEIGHTS, 5, rng)]
        else:
            picked = es_sample(flat, 5, rng)
        assert len(set(picked)) == 5
        first[cls_of[picked[0]]] += 1
        included.update(picked)
    for cls, p in _expected_first_pick().items():
        assert _within(first[cls], p, n), (cls, first[cls], p * n)
    # inclusion probabilities: red > yellow > blue per item, and they sum to k per draw
    per_item = {c: sum(included[i] for i in ids) / (len(ids) * n) for c, ids in GROUPS.items()}
    assert per_item["red"] > per_item["yellow"] > per_item["blue"]
    assert sum(included.values()) == 5 * n


def test_class_sampler_matches_efraimidis_spirakis_inclusion() -> None:
    """The O(k) per-class sampler and the literal E-S agree on inclusion rates per class."""
    n = 10_000
    flat = [(cid, WEIGHTS[c]) for c, ids in GROUPS.items() for cid in ids]
    cls_of = {cid: c for c, ids in GROUPS.items() for cid in ids}
    a: Counter[str] = Counter()
    b: Counter[str] = Counter()
    rng_a, rng_b = random.Random(1), random.Random(2)
    for _ in range(n):
        a.update(cls for _, cls in class_weighted_sample(GROUPS, WEIGHTS, 5, rng_a))
        b.update(cls_of[c] for c in es_sample(flat, 5, rng_b))
    for cls in GROUPS:
        pa, pb = a[cls] / (5 * n), b[cls] / (5 * n)
        sd = math.sqrt(pa * (1 - pa) / (5 * n) + pb * (1 - pb) / (5 * n))
        assert abs(pa - pb) <= 4.5 * sd, (cls, pa, pb)


def test_zero_weight_class_is_never_drawn() -> None:
    rng = random.Random(3)
    for _ in range(500):
        picked = class_weighted_sample(GROUPS, {"red": 1.0, "yellow": 0.0, "blue": 1.0}, 5, rng)
        assert all(cls != "yellow" for _, cls in picked)
