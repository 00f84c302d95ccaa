"""Shared fixtures: the organisation world used by authorisation-matrix tests, personas, and the
Playwright browser (Debian chromium through executable_path; no `playwright install`)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@dataclass
class OrgWorld:
    """Owners for scope tests, seen from a user whose unit is `agency` (市市场监管局, 深圳 4403).

    own = agency; child = agency_child (罗湖 440303, under agency); child_b = agency_child_futian
    (福田 440304, under agency); sibling = 市生态环境局 (4403, another tree); sibling_child =
    罗湖生态环境分局 (440303, under sibling); other_city = 广州市市场监管局 (4401).
    Supervisory bodies: city_justice (4403), district_justice (罗湖 440303).
    """

    city_justice: Any
    district_justice: Any
    agency: Any
    agency_child: Any
    agency_child_futian: Any
    sibling: Any
    sibling_child: Any
    other_city: Any

    def all(self) -> dict[str, Any]:
        return dict(vars(self))


@pytest.fixture
def org_world(db: Any) -> OrgWorld:
    from zhifa.orgs.choices import OrganisationKind as K
    from zhifa.orgs.choices import OrganisationLevel as L
    from zhifa.orgs.tests.factories import OrganisationFactory, region

    sz = region("4403", "深圳市")
    luohu = region("440303", "罗湖区")
    futian = region("440304", "福田区")
    gz = region("4401", "广州市")

    def org(
        name: str, reg: Any, kind: str = K.ENFORCEMENT_AGENCY, level: str = L.CITY, parent: Any = None
    ) -> Any:
        return OrganisationFactory(
            name=name, region=reg, region_code=reg.code, kind=kind, level=level, parent=parent
        )

    city_justice = org("深圳市司法局", sz, K.SUPERVISORY_BODY)
    district_justice = org("深圳市罗湖区司法局", luohu, K.SUPERVISORY_BODY, L.COUNTY)
    agency = org("深圳市市场监督管理局", sz)
    agency_child = org("深圳市市场监督管理局罗湖监管局", luohu, level=L.COUNTY, parent=agency)
    agency_child_futian = org("深圳市市场监督管理局福田监管局", futian, level=L.COUNTY, parent=agency)
    sibling = org("深圳市生态环境局", sz)
    sibling_child = org("深圳市生态环境局罗湖管理局", luohu, level=L.COUNTY, parent=sibling)
    other_city = org("广州市市场监督管理局", gz)
    return OrgWorld(
        city_justice,
        district_justice,
        agency,
        agency_child,
        agency_child_futian,
        sibling,
        sibling_child,
        other_city,
    )


@pytest.fixture
def make_user(db: Any) -> Any:
    """make_user(org, "officer", "legal_reviewer") → a user of `org` holding those seeded roles."""
    from zhifa.orgs.tests.factories import UserFactory

    def _make(org: Any, *role_codes: str, **kwargs: Any) -> Any:
        return UserFactory(organisation=org, roles=list(role_codes), **kwargs)

    return _make


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian chromium is required for browser tests: run `make test` (installs it) as root")
    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()
