"""The demo city's agencies: Shenzhen-like names, their enforcement domain and district branches.

Domain codes are those of `zhifa.orgs.services.domains.DOMAIN_SEED`. A branch pattern is
formatted with `d` = the district's name without 区 (福田) and `district` = its full name (福田区);
a branch's parent is the city agency and its region the district.
"""

from __future__ import annotations

from dataclasses import dataclass

CITY_CODE = "4403"
CITY_NAME = "深圳"
PROVINCE_CODE = "44"


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    short_name: str
    domains: tuple[str, ...]
    branch: str | None = None  # pattern of the district branches' names, None = no branches


CITY_AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec(
        "market", "深圳市市场监督管理局", "市市场监管局", ("market", "drug"), "深圳市市场监督管理局{d}监管局"
    ),
    AgencySpec("ecology", "深圳市生态环境局", "市生态环境局", ("ecology",), "深圳市生态环境局{d}管理局"),
    AgencySpec(
        "urban",
        "深圳市城市管理和综合执法局",
        "市城管和综合执法局",
        ("urban",),
        "深圳市{district}城市管理和综合执法局",
    ),
    AgencySpec("transport", "深圳市交通运输局", "市交通运输局", ("transport",), "深圳市交通运输局{d}管理局"),
    AgencySpec("emergency", "深圳市应急管理局", "市应急管理局", ("emergency",), "深圳市{district}应急管理局"),
    AgencySpec("housing", "深圳市住房和建设局", "市住房建设局", ("housing",), "深圳市{district}住房和建设局"),
    AgencySpec(
        "planning",
        "深圳市规划和自然资源局",
        "市规划和自然资源局",
        ("natural_resources", "forestry"),
        "深圳市规划和自然资源局{d}管理局",
    ),
    AgencySpec("health", "深圳市卫生健康委员会", "市卫生健康委", ("health",), "深圳市{district}卫生健康局"),
    AgencySpec(
        "culture",
        "深圳市文化广电旅游体育局",
        "市文化广电旅游体育局",
        ("culture", "tourism"),
        "深圳市{district}文化广电旅游体育局",
    ),
    AgencySpec("water", "深圳市水务局", "市水务局", ("water",), "深圳市{district}水务局"),
    AgencySpec("human_resources", "深圳市人力资源和社会保障局", "市人力资源保障局", ("human_resources",)),
    AgencySpec("education", "深圳市教育局", "市教育局", ("education",)),
    AgencySpec("civil_affairs", "深圳市民政局", "市民政局", ("civil_affairs",)),
    AgencySpec("fire", "深圳市消防救援支队", "市消防救援支队", ("fire",), "深圳市{district}消防救援大队"),
    AgencySpec("police", "深圳市公安局", "市公安局", ("public_security",), "深圳市公安局{d}分局"),
    AgencySpec(
        "traffic_police",
        "深圳市公安局交通警察局",
        "市交警局",
        ("public_security", "transport"),
        "深圳市公安局交通警察局{d}大队",
    ),
    AgencySpec("medical_insurance", "深圳市医疗保障局", "市医疗保障局", ("medical_insurance",)),
    AgencySpec("commerce", "深圳市商务局", "市商务局", ("commerce",)),
    AgencySpec("industry", "深圳市工业和信息化局", "市工业和信息化局", ("commerce",)),
    AgencySpec("development", "深圳市发展和改革委员会", "市发展改革委", ("market",)),
    AgencySpec("statistics", "深圳市统计局", "市统计局", ("statistics",)),
    AgencySpec("tax", "国家税务总局深圳市税务局", "市税务局", ("tax",)),
    AgencySpec("ocean", "深圳市海洋渔业局", "市海洋渔业局", ("agriculture",)),
    AgencySpec("tobacco", "深圳市烟草专卖局", "市烟草专卖局", ("market",)),
    AgencySpec("postal", "深圳市邮政管理局", "市邮政管理局", ("transport",)),
    AgencySpec("meteorology", "深圳市气象局", "市气象局", ("emergency",)),
    AgencySpec("civil_defence", "深圳市人民防空办公室", "市人防办", ("housing",)),
    AgencySpec("ethnic_religion", "深圳市民族宗教事务局", "市民宗局", ("civil_affairs",)),
    AgencySpec("veterans", "深圳市退役军人事务局", "市退役军人事务局", ("civil_affairs",)),
    AgencySpec("archives", "深圳市档案局", "市档案局", ("culture",)),
    AgencySpec("finance", "深圳市地方金融监督管理局", "市地方金融监管局", ("commerce",)),
    AgencySpec("science", "深圳市科技创新局", "市科技创新局", ("commerce",)),
)

CITY_JUSTICE = ("深圳市司法局", "市司法局")
DISTRICT_JUSTICE = "深圳市{district}司法局"
STREET_OFFICE = "深圳市{district}{street}办事处"  # 深圳市福田区园岭街道办事处
STREET_DOMAIN = "urban"  # 街道综合行政执法 (赋权 streets)

# Roles of the demo logins: role code → (where: agency key | "city_justice" | "district_justice",
# district short name or None for the city level). The officer-side logins sit in 福田.
DEMO_DISTRICT = "福田"
DEMO_PLACEMENT: dict[str, tuple[str, str | None]] = {
    "case_source_manager": ("market", DEMO_DISTRICT),
    "officer": ("market", DEMO_DISTRICT),
    "team_leader": ("market", DEMO_DISTRICT),
    "legal_reviewer": ("market", None),
    "unit_admin": ("market", None),
    "agency_supervisor": ("market", None),
    "city_justice_admin": ("city_justice", None),
    "city_supervisor": ("city_justice", None),
    "district_justice_admin": ("district_justice", DEMO_DISTRICT),
    "district_supervisor": ("district_justice", DEMO_DISTRICT),
}
# Where a role missing from DEMO_PLACEMENT (added to ROLE_SPECS later) gets its demo login.
DEFAULT_PLACEMENT: tuple[str, str | None] = ("market", DEMO_DISTRICT)

DEMO_PASSWORD = "Zhifa-demo-2026"  # noqa: S105 - documented demo password (README, demo_logins)
DEMO_USERNAME_PREFIX = "demo_"


def district_short(name: str) -> str:
    """福田区 → 福田 (keeps names like 大鹏新区 → 大鹏新)."""
    return name[:-1] if name.endswith("区") else name
