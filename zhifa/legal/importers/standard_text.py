"""Parse one tier's 裁量标准 text into structure.

Examples from real tables (江门 2020):

    责令备案，处一万元以上二万元以下的罚款          → fine 10,000–20,000 元, order 责令备案
    处一万元以下罚款                                → fine (open) – 10,000 元
    处建设项目总投资额百分之一以上百分之二以下的罚款 → 1 %–2 % of 总投资额
    处货值金额1倍以上2倍以下的罚款                  → 1×–2× 货值金额
    责令改正，没收违法所得，并处二万元以上八万元以下的罚款 → 没收违法所得 + fine
    按照直接损失的百分之三十计算罚款，但是最高不超过一百万元 → 30 % of 直接损失, capped at 1,000,000
    给予警告                                        → 警告, no fine

以上 / 以下 include the stated number (RULES §0.6; 江门规定 第十六条). A text is *unparsed* (with a
reason code and a Chinese explanation) when it is empty, when its bounds are contradictory
(七万元以下九万元以下), when a 倍/% figure has no base, or when nothing is recognised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from zhifa.legal.rules.discretion import BaseKind, PenaltyKind, RangeKind

from .numerals import NUMERAL_PATTERN, normalise_digits, parse_chinese_number

__all__ = [
    "UNPARSED_REASONS",
    "FineComponent",
    "ParsedStandard",
    "base_kind_for",
    "parse_standard_text",
]

UNPARSED_REASONS: dict[str, str] = {
    "empty": "裁量标准为空",
    "malformed_bounds": "区间表述不规范（上下限表述矛盾）",
    "inverted_bounds": "区间下限高于上限",
    "base_missing": "倍数或比例缺少计算基数",
    "no_amount": "罚款条款中未识别出数额",
    "unrecognised": "未识别出处罚种类或罚款数额",
}

# Penalty kinds named in the text (处罚法 第九条). Longest phrases first.
KIND_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"警告", PenaltyKind.WARNING),
    (r"通报批评", PenaltyKind.CIRCULATED_CRITICISM),
    (r"没收违法所得", PenaltyKind.CONFISCATE_ILLEGAL_GAINS),
    (r"没收非法财物", PenaltyKind.CONFISCATE_ILLEGAL_PROPERTY),
    (r"暂扣[^，；。]*?(?:许可证|执照|证件)", PenaltyKind.SUSPEND_LICENCE),
    (r"降低资质等级", PenaltyKind.LOWER_QUALIFICATION),
    (r"吊销[^，；。]*?(?:许可证|执照|证件)", PenaltyKind.REVOKE_LICENCE),
    (r"限制开展生产经营活动", PenaltyKind.RESTRICT_BUSINESS),
    (r"责令停产停业|责令停业", PenaltyKind.ORDER_SUSPENSION),
    (r"责令关闭", PenaltyKind.ORDER_CLOSURE),
    (r"限制从业|禁止从事", PenaltyKind.RESTRICT_PRACTICE),
    (r"行政拘留", PenaltyKind.DETENTION),
)
# Administrative orders (责令改正 …) are not penalties (处罚法 第二十八条) but are kept as text.
ORDER_PATTERN = re.compile(r"^(?:责令|限期|报经)")
INDIVIDUAL_PATTERN = re.compile(r"(?:对|并对)?[^，；。]*?(?:个人|责任人|主管人员|负责人|法定代表人)")

NUM = NUMERAL_PATTERN
VALUE = rf"(?:百分之(?P<{{n}}p>{NUM})|(?P<{{n}}v>{NUM})\s*(?P<{{n}}u>元|%|倍)?)"


def _value(name: str) -> str:
    return VALUE.replace("{n}", name)


RANGE_BOTH = re.compile(rf"{_value('a')}\s*以上\s*{_value('b')}\s*(?P<tail>以下|以内)?")
RANGE_UPPER = re.compile(rf"(?:不超过|不得超过|最高不超过)?\s*{_value('b')}\s*(?P<tail>以下|以内)")
RANGE_UPPER_PREFIX = re.compile(rf"(?:不超过|不得超过|最高不超过)\s*{_value('b')}")
RANGE_LOWER = re.compile(rf"{_value('a')}\s*以上")
RANGE_SINGLE = re.compile(rf"{_value('a')}")
CAP = re.compile(rf"(?:最高|最多)?不(?:得)?超过\s*(?P<cv>{NUM})\s*元")
FINE_CORE = re.compile(r"(?:处以|处|罚)(?:以|处)*(?P<body>.*?)(?:的)?罚款")


@dataclass
class FineComponent:
    """One 罚款 clause: an absolute range, or a multiple / percentage of a base quantity."""

    kind: str  # RangeKind
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    base_kind: str = ""
    base_label: str = ""
    factor_min: Decimal | None = None
    factor_max: Decimal | None = None
    target: str = ""  # "" = the party; otherwise who (对个人 / 对直接负责的主管人员…)
    text: str = ""

    def as_dict(self) -> dict[str, str | None]:
        def dec(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "kind": self.kind,
            "amount_min": dec(self.amount_min),
            "amount_max": dec(self.amount_max),
            "base_kind": self.base_kind,
            "base_label": self.base_label,
            "factor_min": dec(self.factor_min),
            "factor_max": dec(self.factor_max),
            "target": self.target,
            "text": self.text,
        }


@dataclass
class ParsedStandard:
    text: str
    parsed: bool
    reason: str = ""  # a key of UNPARSED_REASONS when not parsed
    fines: list[FineComponent] = field(default_factory=list)
    penalty_kinds: list[str] = field(default_factory=list)
    orders: list[str] = field(default_factory=list)
    has_increment_rule: bool = False  # 每增加1个超标因子增加一万元 … (kept as text)

    @property
    def primary(self) -> FineComponent | None:
        """The fine on the party itself; the first fine when every fine targets a person."""
        for fine in self.fines:
            if not fine.target:
                return fine
        return self.fines[0] if self.fines else None

    @property
    def extra_fines(self) -> list[FineComponent]:
        primary = self.primary
        return [fine for fine in self.fines if fine is not primary]

    @property
    def reason_text(self) -> str:
        return UNPARSED_REASONS.get(self.reason, "")


class _Unparsed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def base_kind_for(label: str) -> str:
    if "货值" in label:
        return BaseKind.GOODS_VALUE
    if "违法所得" in label:
        return BaseKind.ILLEGAL_GAINS
    if "总投资" in label:
        return BaseKind.TOTAL_INVESTMENT
    return BaseKind.OTHER


def _read(match: re.Match[str], name: str) -> tuple[Decimal, str]:
    """(number, unit) of one side of a range; unit is 元, %, 倍 or "" (not stated)."""
    percent = match.group(f"{name}p")
    if percent is not None:
        return parse_chinese_number(percent), "%"
    raw = match.group(f"{name}v")
    unit = match.group(f"{name}u") or ""
    return parse_chinese_number(raw), unit


def _scaled(value: Decimal, unit: str) -> Decimal:
    if unit == "%":
        return value / 100
    return value


def _figures(body: str) -> tuple[str, re.Match[str], str] | None:
    """(base label, range match, pattern name) at the first numeral that reads as a range or an
    amount with its unit; numerals inside the label (上一年度) are skipped."""
    for start in re.finditer(rf"百分之|{NUM}", body):
        figures = body[start.start() :]
        for name, pattern in (
            ("both", RANGE_BOTH),
            ("upper", RANGE_UPPER),
            ("upper", RANGE_UPPER_PREFIX),
            ("lower", RANGE_LOWER),
            ("single", RANGE_SINGLE),
        ):
            match = pattern.match(figures)
            if match is None:
                continue
            if name == "single" and not (match.group("ap") or match.group("au")):
                continue  # a bare numeral without unit is not an amount (上一年度)
            label = body[: start.start()].strip().removesuffix("的").strip()
            label = re.sub(r"^(?:按照|按|可以|可|并|处|以)+", "", label)
            return label, match, name
    return None


def _parse_fine(clause: str, target: str) -> FineComponent:
    core = FINE_CORE.search(clause)
    body = (core.group("body") if core else clause).strip()
    found = _figures(body)
    if found is None:
        raise _Unparsed("no_amount")
    label, match, name = found
    if re.search(rf"以下\s*{NUM}.*?以下", body):
        raise _Unparsed("malformed_bounds")
    low = _read(match, "a") if name in ("both", "lower", "single") else None
    high = _read(match, "b") if name in ("both", "upper") else (low if name == "single" else None)
    # A unit stated on one side applies to both (二百以上五百元以下, 35以上50%以下).
    unit = next((u for _, u in (high or (0, ""), low or (0, "")) if u), "") or "元"
    lo = None if low is None else _scaled(low[0], low[1] or unit)
    hi = None if high is None else _scaled(high[0], high[1] or unit)
    if lo is not None and hi is not None and lo > hi:
        raise _Unparsed("inverted_bounds")
    component = FineComponent(kind=RangeKind.AMOUNT, target=target, text=clause)
    if unit in ("倍", "%"):
        if not label:
            raise _Unparsed("base_missing")
        component.kind = RangeKind.MULTIPLE if unit == "倍" else RangeKind.PERCENTAGE
        component.base_label = label
        component.base_kind = base_kind_for(label)
        component.factor_min, component.factor_max = lo, hi
    else:
        component.amount_min, component.amount_max = lo, hi
    return component


def _is_bare_amount(clause: str) -> bool:
    """处五千元 / 二万元以上五万元以下: an amount clause that leaves out the word 罚款."""
    body = re.sub(r"^(?:可以|可|并)*(?:处以|处)?", "", clause)
    found = _figures(body)
    if found is None:
        return False
    label, match, _ = found
    unit_given = any(match.group(g) for g in ("au", "bu", "ap", "bp") if g in match.re.groupindex)
    return not label and unit_given and body.endswith(match.group())


def _clauses(text: str) -> list[str]:
    parts = re.split(r"[，,；;。：:]", text)
    return [part.strip() for part in parts if part.strip()]


def _target(clause: str) -> str:
    """Who a 罚款 clause fines when it is not the party (对个人 / 对直接负责的主管人员和…)."""
    core = FINE_CORE.search(clause)
    head = clause[: core.start()] if core else clause
    if not INDIVIDUAL_PATTERN.search(head):
        return ""
    return re.sub(r"(?:可以|可|并)+$", "", head.removeprefix("并")).strip()


def parse_standard_text(text: str) -> ParsedStandard:
    """Structure of one 裁量标准; never raises on bad text (returns parsed=False with a reason)."""
    source = normalise_digits(text or "").replace("\n", "").replace("\r", "").strip()
    result = ParsedStandard(text=text or "", parsed=False)
    if not source:
        result.reason = "empty"
        return result
    result.has_increment_rule = "每增加" in source
    kinds: list[str] = []
    carried_target = ""  # 并对…责任人员，处…罚款: the person named in the clause before
    try:
        for clause in _clauses(source):
            if "罚款" in clause or _is_bare_amount(clause):
                if result.has_increment_rule and "每增加" in clause and not FINE_CORE.search(clause):
                    continue
                fine = _parse_fine(clause, _target(clause) or carried_target)
                carried_target = ""
                result.fines.append(fine)
                cap = CAP.search(clause)
                if cap and fine.kind != RangeKind.AMOUNT:
                    fine.amount_max = parse_chinese_number(cap.group("cv"))
                continue
            cap = CAP.search(clause)
            if cap and result.fines and result.fines[-1].kind != RangeKind.AMOUNT:
                result.fines[-1].amount_max = parse_chinese_number(cap.group("cv"))
                continue
            if clause.startswith(("对", "并对")) and INDIVIDUAL_PATTERN.match(clause):
                carried_target = clause.removeprefix("并")
                continue
            if ORDER_PATTERN.match(clause) and not any(re.search(p, clause) for p, _ in KIND_PATTERNS):
                result.orders.append(clause)
    except _Unparsed as exc:
        result.reason = exc.reason
        result.fines = []
        return result
    except ValueError:
        result.reason = "no_amount"
        result.fines = []
        return result
    for pattern, kind in KIND_PATTERNS:
        if re.search(pattern, source) and kind not in kinds:
            kinds.append(kind)
    if result.fines:
        kinds.insert(0, PenaltyKind.FINE)
    result.penalty_kinds = kinds
    if not kinds:
        result.reason = "unrecognised"
        return result
    result.parsed = True
    return result
