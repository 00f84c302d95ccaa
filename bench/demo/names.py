"""Deterministic generators of Chinese person, company and shop names (demo data only).

Every function takes the caller's `random.Random`, so the same seed gives the same names. The
surname table carries approximate relative frequencies (公安部 户籍统计, top 100) so that 王/李/张
dominate as they do in real data.
"""

from __future__ import annotations

import random
from itertools import accumulate

# (surname, weight ≈ ‰ of the population)
_SURNAME_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("王", 71.5), ("李", 71.4), ("张", 68.6), ("刘", 53.8), ("陈", 45.2), ("杨", 33.8), ("黄", 24.9),
    ("赵", 21.2), ("吴", 20.5), ("周", 19.8), ("徐", 13.6), ("孙", 12.8), ("马", 12.0), ("朱", 11.3),
    ("胡", 10.4), ("郭", 10.0), ("何", 9.8), ("林", 9.6), ("高", 9.5), ("罗", 9.3), ("郑", 8.7),
    ("梁", 8.6), ("谢", 6.7), ("宋", 6.5), ("唐", 6.2), ("许", 5.8), ("韩", 5.6), ("邓", 5.5),
    ("冯", 5.5), ("曹", 5.4), ("彭", 5.3), ("曾", 5.2), ("肖", 5.0), ("田", 4.9), ("董", 4.8),
    ("潘", 4.7), ("袁", 4.6), ("蔡", 4.5), ("蒋", 4.5), ("余", 4.4), ("于", 4.3), ("杜", 4.1),
    ("叶", 4.1), ("程", 4.0), ("魏", 3.9), ("苏", 3.8), ("吕", 3.7), ("丁", 3.6), ("任", 3.6),
    ("卢", 3.5), ("姚", 3.5), ("沈", 3.4), ("钟", 3.4), ("姜", 3.3), ("崔", 3.2), ("谭", 3.2),
    ("陆", 3.1), ("范", 3.0), ("汪", 3.0), ("廖", 2.9), ("石", 2.9), ("金", 2.8), ("韦", 2.8),
    ("贾", 2.7), ("夏", 2.6), ("付", 2.6), ("方", 2.5), ("邹", 2.4), ("熊", 2.4), ("白", 2.4),
    ("孟", 2.3), ("秦", 2.3), ("邱", 2.2), ("侯", 2.2), ("江", 2.1), ("尹", 2.1), ("薛", 2.0),
    ("闫", 2.0), ("段", 1.9), ("雷", 1.9), ("龙", 1.8), ("黎", 1.8), ("史", 1.7), ("陶", 1.7),
    ("贺", 1.7), ("毛", 1.6), ("郝", 1.6), ("顾", 1.5), ("龚", 1.5), ("邵", 1.5), ("万", 1.4),
    ("覃", 1.4), ("武", 1.4), ("钱", 1.3), ("戴", 1.3), ("严", 1.3), ("莫", 1.2), ("孔", 1.2),
    ("向", 1.2), ("常", 1.1), ("欧阳", 0.6), ("司马", 0.1), ("上官", 0.1), ("诸葛", 0.1),
)  # fmt: skip
SURNAMES = tuple(s for s, _ in _SURNAME_WEIGHTS)
_SURNAME_CUM = tuple(accumulate(w for _, w in _SURNAME_WEIGHTS))

GIVEN_MALE = (
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "阳", "建", "国",
    "志", "文", "晨", "博", "航", "峰", "亮", "成", "东", "海", "毅", "锋", "坤", "家", "子", "昊",
    "天", "铭", "泽", "睿", "轩", "宏", "振", "嘉", "荣", "德", "安", "永", "彬", "松", "卫", "春",
)  # fmt: skip
GIVEN_FEMALE = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "桂", "英", "慧", "燕", "婷", "雪",
    "琳", "莉", "萍", "红", "梅", "洁", "琴", "云", "莹", "倩", "颖", "佳", "欣", "怡", "璐", "晶",
    "瑶", "雯", "露", "思", "雨", "诗", "梦", "悦", "蕾", "薇", "婧", "楠", "月", "兰", "凤", "晓",
)  # fmt: skip

# 字号 syllables: auspicious and trade-flavoured characters that Shenzhen firms actually use.
TRADE_NAME_CHARS = (
    "华", "鑫", "盛", "达", "信", "恒", "泰", "丰", "源", "宏", "昌", "隆", "兴", "发", "创", "新",
    "科", "智", "联", "通", "汇", "腾", "讯", "迅", "捷", "锐", "博", "远", "星", "光", "明", "辉",
    "瑞", "祥", "安", "康", "宝", "金", "银", "海", "鹏", "城", "南", "湾", "前", "粤", "港", "深",
    "中", "百", "万", "嘉", "润", "诚", "德", "益", "和", "顺", "力", "美", "优", "佳", "凯", "天",
    "云", "峰", "宇", "晟", "昇", "铭", "卓", "越", "亿", "众", "合", "融", "成", "骏", "乐", "怡",
)  # fmt: skip

INDUSTRIES = (
    "科技", "电子科技", "信息技术", "网络科技", "智能科技", "贸易", "进出口贸易", "实业", "投资发展",
    "餐饮管理", "食品", "供应链管理", "物流", "建筑工程", "装饰工程", "环保科技", "新能源科技",
    "生物科技", "医疗器械", "电子商务", "文化传播", "教育科技", "物业管理", "房地产开发", "精密机械",
    "五金制品", "塑胶制品", "服装", "珠宝首饰", "化工", "汽车服务", "光电科技", "通信技术", "半导体",
    "印刷", "广告", "人力资源", "酒店管理", "商业管理", "药业",
)  # fmt: skip

SHOP_KINDS = (
    "餐饮店", "小吃店", "粉面店", "奶茶店", "便利店", "士多店", "粮油店", "水果店", "五金店", "理发店",
    "美容店", "服装店", "药店", "烟酒店", "茶行", "文具店", "手机维修店", "汽车维修部", "干洗店",
    "快餐店", "烧腊店", "面包店", "花店", "眼镜店", "建材经营部", "电器商行", "海鲜档", "肉菜档",
)  # fmt: skip

COMPANY_SUFFIXES = ("有限公司",) * 12 + ("股份有限公司", "集团有限公司", "有限责任公司")


def surname(rng: random.Random) -> str:
    return rng.choices(SURNAMES, cum_weights=_SURNAME_CUM)[0]


def person_name(rng: random.Random, *, female: bool | None = None) -> str:
    """A plausible Chinese full name: surname + one or two given-name characters."""
    if female is None:
        female = rng.random() < 0.5
    pool = GIVEN_FEMALE if female else GIVEN_MALE
    given = rng.choice(pool)
    if rng.random() < 0.72:
        given += rng.choice(pool if rng.random() < 0.8 else GIVEN_MALE + GIVEN_FEMALE)
    return surname(rng) + given


def trade_name(rng: random.Random) -> str:
    """字号: two (sometimes three) characters, never the same character twice in a row."""
    first = rng.choice(TRADE_NAME_CHARS)
    second = rng.choice(TRADE_NAME_CHARS)
    while second == first:
        second = rng.choice(TRADE_NAME_CHARS)
    name = first + second
    if rng.random() < 0.12:
        name += rng.choice(TRADE_NAME_CHARS)
    return name


def company_name(rng: random.Random, *, city: str = "深圳", district: str = "") -> str:
    """深圳市华鑫科技有限公司 / 深圳华鑫科技股份有限公司 / 华鑫（深圳）贸易有限公司 / 深圳市福田区…"""
    trade = trade_name(rng)
    industry = rng.choice(INDUSTRIES)
    suffix = rng.choice(COMPANY_SUFFIXES)
    roll = rng.random()
    if roll < 0.70:
        return f"{city}市{trade}{industry}{suffix}"
    if roll < 0.82:
        return f"{city}{trade}{industry}{suffix}"
    if roll < 0.92:
        return f"{trade}（{city}）{industry}{suffix}"
    return f"{city}市{district}{trade}{industry}{suffix}"


def shop_name(rng: random.Random, *, district: str) -> str:
    """个体工商户字号: 深圳市福田区老陈粉面店 / 福田区华盛便利店 / 深圳市罗湖区李记烧腊店."""
    kind = rng.choice(SHOP_KINDS)
    roll = rng.random()
    if roll < 0.35:
        trade = rng.choice(("老", "阿", "小")) + surname(rng)
    elif roll < 0.6:
        trade = surname(rng) + rng.choice(("记", "氏", "家"))
    else:
        trade = trade_name(rng)
    prefix = f"深圳市{district}" if rng.random() < 0.8 else district
    return f"{prefix}{trade}{kind}"


def mobile_phone(rng: random.Random) -> str:
    prefix = rng.choice(("135", "136", "137", "138", "139", "150", "152", "158", "159", "186", "188", "189"))
    return prefix + f"{rng.randrange(10**8):08d}"
