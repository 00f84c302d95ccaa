"""Pure rules of the 双随机 draw (双随机一公开: 国办发〔2015〕58号; RULES.md P1, P9).

Targets are drawn by weighted sampling without replacement (Efraimidis–Spirakis: each candidate gets
the key u^(1/w), the k largest keys win). `es_sample` is the literal algorithm. `class_weighted_sample`
is the same distribution computed in O(k) per risk class instead of O(n): within a class every
candidate has the same weight, so the class's largest keys are the top order statistics of its n
uniforms (generated directly, in log space), the k largest keys across classes decide how many
candidates each class gives, and those are a uniform sample of the class. The draw of 1,000 from
1,000,000 therefore costs one read of (id, risk) pairs and a few thousand random numbers.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Mapping, Sequence

from zhifa.core.audit import canonical_json
from zhifa.core.gm import sm3_hex

MIN_TEAM_SIZE = 2  # 处罚法 Art. 42; RULES.md 1.6: at least two certified officers


def _log_u(rng: random.Random) -> float:
    return math.log(1.0 - rng.random())  # 1 - random() lies in (0, 1]: log never sees 0


def es_sample(candidates: Sequence[tuple[int, float]], k: int, rng: random.Random) -> list[int]:
    """Efraimidis–Spirakis A-Res: k ids without replacement, P ∝ weight; keys log(u)/w, largest win.
    Candidates of weight ≤ 0 are never drawn. Result in key order (first = largest key)."""
    keyed = [(_log_u(rng) / w, cid) for cid, w in candidates if w > 0]
    return [cid for _, cid in heapq.nlargest(k, keyed)]


def _top_log_keys(n: int, m: int, weight: float, rng: random.Random) -> list[float]:
    """The m largest of n iid E-S log keys log(u)/w, descending: order statistics of uniforms,
    log U(n) = log(V1)/n, log U(n-j) = log U(n-j+1) + log(V)/(n-j)."""
    keys: list[float] = []
    log_u = 0.0
    for j in range(min(m, n)):
        log_u += _log_u(rng) / (n - j)
        keys.append(log_u / weight)
    return keys


def class_weighted_sample(
    groups: Mapping[str, Sequence[int]], weights: Mapping[str, float], k: int, rng: random.Random
) -> list[tuple[int, str]]:
    """k (id, class) pairs without replacement, each candidate drawn with probability ∝ the weight of
    its class — the distribution of `es_sample` over the same candidates. `groups` must be in a
    deterministic order (sorted ids) for the draw to be reproducible."""
    keyed: list[tuple[float, str, int]] = []  # (log key, class, rank within class)
    for cls in sorted(groups):
        weight = float(weights.get(cls, 0))
        ids = groups[cls]
        if weight <= 0 or not ids:
            continue
        for rank, key in enumerate(_top_log_keys(len(ids), k, weight, rng)):
            keyed.append((key, cls, rank))
    winners = heapq.nlargest(k, keyed)
    counts: dict[str, int] = {}
    for _, cls, _rank in winners:
        counts[cls] = counts.get(cls, 0) + 1
    chosen = {cls: rng.sample(groups[cls], n) for cls, n in sorted(counts.items())}
    return [(chosen[cls][rank], cls) for _, cls, rank in winners]


def assign_teams(
    target_ids: Sequence[int],
    officers: Sequence[int],
    conflicts: Mapping[int, set[int]],
    team_size: int,
    rng: random.Random,
) -> tuple[list[list[int]], list[int]]:
    """A random team of `team_size` officers per target from `officers` (sorted ids), never one in
    conflict with that target. Returns (teams, targets that could not be staffed)."""
    teams: list[list[int]] = []
    short: list[int] = []
    for tid in target_ids:
        barred = conflicts.get(tid, set())
        pool = [o for o in officers if o not in barred] if barred else list(officers)
        if len(pool) < team_size:
            short.append(tid)
            teams.append([])
            continue
        teams.append(rng.sample(pool, team_size))
    return teams, short


def draw_digest(*, plan_id: int, seed: int, target_ids: Sequence[int], teams: Sequence[Sequence[int]]) -> str:
    """SM3 over the canonical JSON of the result: anyone can recompute it from the published list."""
    body = {"plan": plan_id, "seed": seed, "targets": list(target_ids), "teams": [list(t) for t in teams]}
    return sm3_hex(canonical_json(body).encode("utf-8"))


def same_target_warning_days(setting: int | None = None) -> int:
    """Days within which a second inspection of one target by a different unit is flagged (issue #4:
    30 by default, configurable through settings.INSPECTIONS_REPEAT_WARNING_DAYS)."""
    return 30 if setting is None else int(setting)
