"""What a demo case looks like: its procedure path (the actions of zhifa.cases.procedures in order),
the state mix of a city's caseload and the dated timeline of one case. Pure functions of a
`random.Random`: no database."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from zhifa.cases.choices import CaseState as S

# (action, label, state after, days since the previous step (lo, hi)). 一般程序 as
# zhifa.cases.procedures.GENERAL_2021 walks it without returns; the hearing leg is taken by the
# cases whose target state needs it (and by a few others).
GENERAL_PATH: tuple[tuple[str, str, str, tuple[int, int]], ...] = (
    ("register", "登记", S.REGISTERED, (0, 0)),
    ("open", "提请立案", S.OPENING, (1, 5)),
    ("approve_open", "批准立案", S.INVESTIGATING, (1, 3)),
    ("conclude_investigation", "调查终结", S.INVESTIGATION_CONCLUDED, (10, 45)),
    ("submit_review", "提交审核", S.IN_REVIEW, (1, 5)),
    ("pass_review", "审核通过", S.REVIEWED, (1, 7)),
    ("notify", "告知当事人", S.NOTIFIED, (1, 7)),
    ("request_hearing", "当事人申请听证", S.HEARING_REQUESTED, (1, 3)),
    ("schedule_hearing", "通知听证", S.HEARING_SCHEDULED, (2, 5)),
    ("hold_hearing", "听证结束", S.HEARING_HELD, (7, 12)),
    ("submit_decision", "提请决定", S.DECIDING, (6, 10)),
    ("decide", "作出处罚决定", S.DECIDED, (2, 8)),
    ("serve_decision", "决定书送达", S.SERVED, (1, 6)),
    ("record_payment", "登记缴款/履行", S.EXECUTED, (3, 14)),
    ("submit_close", "提请结案", S.CLOSING, (1, 10)),
    ("close", "结案", S.CLOSED, (1, 5)),
    ("archive", "归档", S.ARCHIVED, (5, 60)),
)
HEARING_STEPS = frozenset({"request_hearing", "schedule_hearing", "hold_hearing"})
SUMMARY_PATH: tuple[tuple[str, str, str, tuple[int, int]], ...] = (
    ("register", "登记", S.REGISTERED, (0, 0)),
    ("decide_on_spot", "当场作出处罚决定", S.SERVED, (0, 0)),
    ("record_payment", "登记缴款", S.EXECUTED, (0, 15)),
    ("close", "备案结案", S.CLOSED, (1, 10)),
    ("archive", "归档", S.ARCHIVED, (5, 60)),
)

# The city's caseload: about a tenth open (spread over the stages), the rest ended.
OPEN_SHARE = 0.10
SUMMARY_SHARE = 0.30
OPEN_GENERAL = (
    (S.REGISTERED, 6), (S.OPENING, 5), (S.INVESTIGATING, 30), (S.INVESTIGATION_CONCLUDED, 6),
    (S.IN_REVIEW, 5), (S.REVIEWED, 4), (S.NOTIFIED, 10), (S.HEARING_REQUESTED, 1),
    (S.HEARING_SCHEDULED, 1), (S.HEARING_HELD, 1), (S.DECIDING, 6), (S.DECIDED, 4), (S.SERVED, 8),
    (S.EXECUTED, 3), (S.CLOSING, 4),
)  # fmt: skip
OPEN_SUMMARY = ((S.REGISTERED, 1), (S.SERVED, 6), (S.EXECUTED, 3))
ENDED_GENERAL = ((S.ARCHIVED, 62), (S.CLOSED, 30), (S.DECLINED, 5), (S.TRANSFERRED, 3))
ENDED_SUMMARY = ((S.ARCHIVED, 70), (S.CLOSED, 30))
# Days a case has been waiting in its current state (open cases): long investigations overrun
# the 90-day decision clock, as some do.
IDLE_DAYS: dict[str, tuple[int, int]] = {S.INVESTIGATING: (0, 100), S.REGISTERED: (0, 6), S.OPENING: (0, 4)}
IDLE_DEFAULT = (0, 12)
FIRST_DAY = dt.date(2021, 8, 1)  # the 2021 procedures are in force (valid from 2021-07-15)

CAUSES = {
    "market": (
        "经营超过保质期的食品", "未按规定明码标价", "销售不符合食品安全标准的食品", "虚假宣传",
        "未取得食品经营许可从事食品经营", "使用未经检定的计量器具", "销售侵犯注册商标专用权的商品",
        "经营无中文标签的进口预包装食品", "未按规定公示营业执照", "生产销售不合格产品",
    ),
    "ecology": ("超标排放大气污染物", "未批先建", "违规处置危险废物", "噪声超标排放", "未按规定设置排污口"),
    "urban": ("占道经营", "擅自设置户外广告", "违法搭建", "乱倒建筑垃圾", "未按规定分类投放生活垃圾"),
    "emergency": (
        "未按规定开展安全生产教育培训", "未按规定配备安全生产管理人员", "未建立事故隐患排查治理制度",
    ),
    "housing": ("未取得施工许可擅自施工", "违反建筑工程质量管理规定", "未按规定进行竣工验收"),
    "health": ("未取得医疗机构执业许可证擅自执业", "公共场所卫生不合格", "使用非卫生技术人员从事诊疗"),
    "culture": ("擅自从事营业性演出", "网吧接纳未成年人", "未经许可经营旅行社业务"),
    "transport": ("未取得道路运输经营许可从事经营", "出租汽车违规揽客", "超限运输"),
    "traffic_police": ("机动车违法停放", "驾驶机动车不按规定让行", "非机动车逆向行驶"),
    "police": ("扰乱公共秩序", "违反旅馆业治安管理规定", "违反枪支管理规定"),
    "fire": ("消防设施未保持完好有效", "占用堵塞消防通道", "未按规定进行消防检测"),
    "water": ("未经许可取水", "向河道倾倒废弃物"),
    "planning": ("非法占用土地", "违法改变土地用途"),
}  # fmt: skip
GENERIC_CAUSES = ("违反行政管理秩序", "未按规定履行报告义务", "拒不配合监督检查")


def weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    total = sum(w for _, w in table)
    roll = rng.random() * total
    for value, w in table:
        roll -= w
        if roll < 0:
            return value
    return table[-1][0]


@dataclass
class Step:
    action: str
    label: str
    to_state: str
    from_state: str
    on: dt.date


@dataclass
class Timeline:
    procedure: str
    state: str
    steps: list[Step] = field(default_factory=list)

    def on(self, action: str) -> dt.date | None:
        return next((s.on for s in self.steps if s.action == action), None)


def pick_state(rng: random.Random) -> tuple[str, str]:
    """(procedure, state) of one case of the caseload."""
    summary = rng.random() < SUMMARY_SHARE
    is_open = rng.random() < OPEN_SHARE
    if summary:
        return "summary", weighted(rng, OPEN_SUMMARY if is_open else ENDED_SUMMARY)
    return "general", weighted(rng, OPEN_GENERAL if is_open else ENDED_GENERAL)


def _path(rng: random.Random, procedure: str, state: str) -> list[tuple[str, str, str, tuple[int, int]]]:
    if procedure == "summary":
        path = list(SUMMARY_PATH)
        stop = next(i for i, p in enumerate(path) if p[2] == state)
        return path[: stop + 1]
    if state == S.DECLINED:
        return [GENERAL_PATH[0], ("decline", "不予立案", S.DECLINED, (1, 10))]
    if state == S.TRANSFERRED:
        return [*GENERAL_PATH[:3], ("transfer", "移送", S.TRANSFERRED, (5, 40))]
    hearing = state in (S.HEARING_REQUESTED, S.HEARING_SCHEDULED, S.HEARING_HELD) or rng.random() < 0.04
    path = [p for p in GENERAL_PATH if hearing or p[0] not in HEARING_STEPS]
    stop = next(i for i, p in enumerate(path) if p[2] == state)
    return path[: stop + 1]


def timeline(rng: random.Random, procedure: str, state: str, today: dt.date) -> Timeline:
    """The dated steps that brought a case to `state`: an open case's last step is recent (its
    current wait counted from it), an ended case's lies anywhere since FIRST_DAY."""
    path = _path(rng, procedure, state)
    gaps = [rng.randint(*p[3]) for p in path]
    span = sum(gaps)
    from zhifa.cases.choices import OPEN_STATES

    if state in OPEN_STATES:
        idle = rng.randint(*IDLE_DAYS.get(state, IDLE_DEFAULT))
        start = today - dt.timedelta(days=span + idle)
    else:
        latest = (today - FIRST_DAY).days - span - 1
        start = FIRST_DAY + dt.timedelta(days=rng.randint(0, max(latest, 0)))
    line = Timeline(procedure, state)
    day, previous = start, ""
    for (action, label, to_state, _), gap in zip(path, gaps, strict=True):
        day = day + dt.timedelta(days=gap)
        line.steps.append(Step(action, label, to_state, previous, day))
        previous = to_state
    return line
