"""Two certified officers (处罚法 第42条; SAMR 第22条; RULES 1.6)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol

MIN_OFFICERS = 2  # 处罚法 第42条第一款: 执法人员不得少于两人，法律另有规定的除外


class OfficerLike(Protocol):
    name: str
    is_active: bool

    def certificate_valid_on(self, day: date) -> bool: ...


def officer_team_problems(
    officers: Sequence[OfficerLike],
    *,
    on: date,
    domain_codes: dict[int, set[str]] | None = None,
    domain: str | None = None,
    minimum: int = MIN_OFFICERS,
) -> list[str]:
    """What keeps this team from acting on `on`: fewer than two distinct officers, an officer without a
    valid certificate that day, or (when `domain` is given) without that enforcement domain.
    `domain_codes` maps id(officer) → the officer's domain codes."""
    problems: list[str] = []
    distinct = {id(o): o for o in officers}
    if len(distinct) < minimum:
        problems.append(f"执法人员不得少于{minimum}人（行政处罚法第四十二条）")
    for officer in distinct.values():
        if not officer.is_active:
            problems.append(f"{officer.name}不在岗，不能参与办案")
        elif not officer.certificate_valid_on(on):
            problems.append(
                f"{officer.name}的行政执法证在{on:%Y年%m月%d日}无效或已过期（行政处罚法第四十二条）"
            )
        elif domain and domain_codes is not None and domain not in domain_codes.get(id(officer), set()):
            problems.append(f"{officer.name}不具备本案执法领域的执法资格")
    return problems


def names(officers: Iterable[OfficerLike]) -> str:
    return "、".join(o.name for o in officers)
