"""Deterministic party rows (执法对象) for the demo city, generated chunk by chunk.

Party number i (0-based, over the whole city) belongs to chunk i // CHUNK; each chunk has its own
`random.Random(f"{seed}:parties:{chunk}")`, so a city can be grown from scale 1 to scale 200 and
end up with exactly the rows a direct scale-200 run would write. Codes are unique by
construction: the organisation-code body and the (birth date, sequence) of a resident ID are
affine permutations of i, never random draws that could collide.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from zhifa.core.identifiers import org_code_check_char, resident_id_check_char, uscc_check_char

from . import names

CHUNK = 5000  # parties per unit of --scale

_ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_MODERN_SPACE = 31**5  # MA5 + 5 characters
_DIGIT_SPACE = 10**8
_BIRTH_FIRST = dt.date(1950, 1, 1)
_BIRTH_DAYS = (dt.date(2005, 12, 31) - _BIRTH_FIRST).days + 1  # adults on any demo date after 2023
_ID_SPACE = _BIRTH_DAYS * 1000  # (birth day, 3-digit sequence)
MAX_PARTIES = min(_MODERN_SPACE, _ID_SPACE // 2)

# District weights ≈ share of Shenzhen's registered market entities (宝安 and 龙岗 lead).
DISTRICT_WEIGHTS = {
    "440303": 8, "440304": 13, "440305": 14, "440306": 20, "440307": 18,
    "440308": 2, "440309": 13, "440310": 4, "440311": 5,
}  # fmt: skip
ROADS = (
    "深南大道", "滨河大道", "北环大道", "红荔路", "华强北路", "福华路", "益田路", "沙河西路", "科技园路",
    "南海大道", "宝安大道", "新安六路", "龙岗大道", "龙华大道", "人民路", "建设路", "梅林路", "布吉路",
    "翠竹路", "东门中路", "沙井路", "松岗大道", "光明大道", "坪山大道", "盐田路", "留仙大道", "创业路",
)  # fmt: skip
# GB/T 4754-2017 大类 by the industry words of names.INDUSTRIES / SHOP_KINDS.
INDUSTRY_CODES = {
    "科技": "I65", "信息": "I65", "网络": "I64", "通信": "I63", "电子": "C39", "半导体": "C39",
    "光电": "C39", "贸易": "F51", "进出口": "F51", "电子商务": "F52", "实业": "C33", "投资": "L72",
    "餐饮": "H62", "食品": "C14", "供应链": "G59", "物流": "G59", "建筑": "E48", "装饰": "E50",
    "环保": "N77", "新能源": "D44", "生物": "M73", "医疗器械": "C35", "药业": "C27", "文化": "R86",
    "教育": "P83", "物业": "K70", "房地产": "K70", "机械": "C34", "五金": "C33", "塑胶": "C29",
    "服装": "C18", "珠宝": "C24", "化工": "C26", "汽车": "O81", "印刷": "C23", "广告": "L72",
    "人力资源": "L72", "酒店": "H61", "商业管理": "L72",
    "店": "F52", "档": "F52", "商行": "F52", "维修": "O81", "经营部": "F52", "茶行": "F52",
}  # fmt: skip
NON_PROFIT_KINDS = ("培训中心", "养老服务中心", "社工服务中心")
# Share of each party kind (法人 / 个体工商户 / 自然人 / 其他组织).
KIND_WEIGHTS = (("legal_person", 45), ("individual_business", 33), ("natural_person", 20), ("other_org", 2))


@dataclass(frozen=True)
class Place:
    district_code: str
    district_name: str
    street_code: str
    street_name: str


@dataclass(frozen=True)
class PartyPlan:
    """Inputs the generator needs: places and the registering-unit keys per place."""

    seed: int
    places: dict[str, list[Place]]  # district code → places (streets)
    birthplaces: tuple[str, ...]  # 6-digit county codes, Guangdong-heavy


class _Affine:
    """i → (a·i + b) mod m: a permutation of [0, m) when gcd(a, m) = 1."""

    def __init__(self, rng: random.Random, m: int) -> None:
        import math

        self.m = m
        a = rng.randrange(m // 3, m - 1)
        while math.gcd(a, m) != 1:
            a += 1
        self.a, self.b = a, rng.randrange(m)

    def __call__(self, i: int) -> int:
        return (self.a * i + self.b) % self.m


class PartyGenerator:
    def __init__(self, plan: PartyPlan) -> None:
        self.plan = plan
        keys = random.Random(f"{plan.seed}:party-codes")
        self._modern = _Affine(keys, _MODERN_SPACE)
        self._digits = _Affine(keys, _DIGIT_SPACE)
        self._ids = _Affine(keys, _ID_SPACE)  # 2i: the party itself, 2i + 1: its representative
        self._districts = sorted(plan.places)
        self._district_cum = _cumulative([DISTRICT_WEIGHTS.get(d, 3) for d in self._districts])
        self._kinds = [k for k, _ in KIND_WEIGHTS]
        self._kind_cum = _cumulative([w for _, w in KIND_WEIGHTS])

    # -- codes -------------------------------------------------------------------------------
    def _org_code(self, i: int, modern: bool) -> str:
        if modern:
            n = self._modern(i)
            body = "MA5"
            for _ in range(5):
                n, r = divmod(n, 31)
                body += _ORG_CHARS[r]
        else:
            body = f"{self._digits(i):08d}"
        return body + org_code_check_char(body)

    def uscc(self, i: int, *, authority: str, kind: str, region6: str, modern: bool) -> str:
        first17 = authority + kind + region6 + self._org_code(i, modern)
        return first17 + uscc_check_char(first17)

    def resident_id(
        self, i: int, rng: random.Random, *, representative: bool = False
    ) -> tuple[str, dt.date, bool]:
        day, seq = divmod(self._ids(2 * i + int(representative)), 1000)
        birth = _BIRTH_FIRST + dt.timedelta(days=day)
        first17 = f"{rng.choice(self.plan.birthplaces)}{birth:%Y%m%d}{seq:03d}"
        return first17 + resident_id_check_char(first17), birth, seq % 2 == 1

    # -- rows --------------------------------------------------------------------------------
    def chunk(self, chunk: int) -> Iterator[dict[str, Any]]:
        """The CHUNK rows of one chunk; each row carries `_place` (Place) and `_unit` (a unit key)."""
        rng = random.Random(f"{self.plan.seed}:parties:{chunk}")
        for k in range(CHUNK):
            yield self._row(chunk * CHUNK + k, rng)

    def _row(self, i: int, rng: random.Random) -> dict[str, Any]:
        district = self._districts[_pick(rng, self._district_cum)]
        place = rng.choice(self.plan.places[district])
        kind = self._kinds[_pick(rng, self._kind_cum)]
        road = rng.choice(ROADS)
        address = f"深圳市{place.district_name}{place.street_name}{road}{rng.randint(1, 3999)}号"
        if rng.random() < 0.7:
            address += f"{rng.choice('ABCDEFG')}栋{rng.randint(1, 33)}{rng.randint(1, 30):02d}"
        row: dict[str, Any] = {
            "kind": kind,
            "address": address,
            "phone": names.mobile_phone(rng),
            "region_code": place.street_code,
            "_place": place,
        }
        short = place.district_name.removesuffix("区")
        if kind == "natural_person":
            number, birth, male = self.resident_id(i, rng)
            row.update(
                name=names.person_name(rng, female=not male),
                id_type="resident_id",
                id_number=number,
                birth_date=birth,
                sex="male" if male else "female",
                source="enforcement",
            )
            row["_unit"] = "street" if rng.random() < 0.6 else rng.choice(("urban", "market", "police"))
            return row
        rep_number, _, rep_male = self.resident_id(i, rng, representative=True)
        row.update(
            legal_rep_name=names.person_name(rng, female=not rep_male),
            legal_rep_id_type="resident_id",
            legal_rep_id_number=rep_number,
            enterprise_status=_status(rng),
            source="business_registry" if rng.random() < 0.85 else "enforcement",
        )
        if kind == "legal_person":
            name = names.company_name(rng, district=place.district_name)
            row.update(
                name=name,
                uscc=self.uscc(i, authority="9", kind="1", region6="440300", modern=rng.random() < 0.7),
                registration_authority="深圳市市场监督管理局",
            )
        elif kind == "individual_business":
            name = names.shop_name(rng, district=place.district_name)
            region6 = place.district_code if rng.random() < 0.3 else "440300"
            row.update(
                name=name,
                uscc=self.uscc(i, authority="9", kind="2", region6=region6, modern=True),
                registration_authority=f"深圳市市场监督管理局{short}监管局",
            )
        else:  # 社会团体 / 民办非企业单位 (other organisations)
            social = rng.random() < 0.5
            trade = names.trade_name(rng)
            name = (
                f"深圳市{rng.choice(names.INDUSTRIES)}行业协会{trade}分会"
                if social
                else f"深圳市{place.district_name}{trade}{rng.choice(NON_PROFIT_KINDS)}"
            )
            row.update(
                name=name,
                uscc=self.uscc(i, authority="5", kind="1" if social else "2", region6="440300", modern=False),
                registration_authority="深圳市民政局",
            )
        row["industry_code"] = _industry(name)
        roll = rng.random()
        row["_unit"] = (
            "market"
            if roll < 0.6
            else "street"
            if roll < 0.75
            else rng.choice(("ecology", "urban", "emergency", "housing", "health", "culture"))
        )
        return row


def _cumulative(weights: list[int]) -> list[int]:
    total, out = 0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _pick(rng: random.Random, cum: list[int]) -> int:
    import bisect

    return bisect.bisect_right(cum, rng.random() * cum[-1])


def _status(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.9:
        return "operating"
    return "cancelled" if roll < 0.95 else "revoked" if roll < 0.98 else "suspended"


def _industry(name: str) -> str:
    for word, code in INDUSTRY_CODES.items():
        if word in name:
            return code
    return "L72"
