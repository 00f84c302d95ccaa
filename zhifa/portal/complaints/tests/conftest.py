"""Personas of public complaints. The 市市场监管局 (org_world.agency) receives the complaints of the
食品安全 category: its 案源管理人员 `manager` sees the reporters and handles intake, its 执法队长
`approver` decides acceptance. The 罗湖监管局 (agency_child) handles: its team leader
`child_leader`, its officer `officer_user` (张三). An officer of the 生态环境局 is the outsider. An
Open311 client (the 12345 hotline) holds an API key."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from zhifa.core.audit import Actor
from zhifa.orgs.tests.factories import OfficerFactory, domain
from zhifa.portal.complaints.choices import ComplaintSource
from zhifa.portal.complaints.models import ComplaintService, Open311Client
from zhifa.portal.complaints.photos import check_photo
from zhifa.portal.complaints.services import (
    ContactInput,
    Submitted,
    complaint_submit,
    open311_client_issue_key,
)

LUOHU = (Decimal("22.547000"), Decimal("114.120000"))  # 东门, 罗湖区 440303
REPORTER: dict[str, Any] = {"name": "陈小明", "phone": "13800138000", "email": "chen@example.com"}


@dataclass
class ComplaintWorld:
    agency: Any
    child: Any
    manager: Any
    approver: Any
    child_leader: Any
    officer_user: Any
    officer: Any
    outsider: Any
    service: ComplaintService
    client: Open311Client
    api_key: str

    def submit(self, **kwargs: Any) -> Submitted:
        data: dict[str, Any] = {
            "actor": Actor(id=None, label="public:web", ip="203.0.113.7"),
            "service": self.service,
            "source": ComplaintSource.WEB,
            "description": "东门街道某食品店货架上有过期牛奶出售",
            "lat": LUOHU[0],
            "lng": LUOHU[1],
            "address": "罗湖区东门街道测试路1号",
            "party_name": "某某食品店",
            "contact": ContactInput(**REPORTER, reply_channel="email"),
        }
        data.update(kwargs)
        return complaint_submit(**data)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate limits and spent form nonces live in the cache: each test starts empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def cw(org_world: Any, make_user: Any) -> ComplaintWorld:
    market = domain("market", "市场监管")
    domain("ecology", "生态环境")
    child = org_world.agency_child
    officer_user = make_user(child, "officer")
    officer: Any = OfficerFactory(organisation=child, user=officer_user, name="张三")
    officer.domains.add(market)
    service = ComplaintService.objects.create(
        code="food_safety",
        name="食品安全",
        description="销售过期变质食品、无证生产经营食品等",
        group="市场监管",
        keywords="食品, 过期, 餐饮",
        receiving_unit=org_world.agency,
        domain="market",
        service_notice="我们将依法审查是否受理，受理后十五个工作日内核查处理。",
        attributes=[
            {
                "code": "venue",
                "datatype": "singlevaluelist",
                "required": False,
                "description": "场所类型",
                "order": 1,
                "values": [{"key": "shop", "name": "商店"}, {"key": "restaurant", "name": "餐馆"}],
            }
        ],
    )
    client = Open311Client.objects.create(name="12345热线")
    key = open311_client_issue_key(actor=Actor.system("test"), client=client)
    client.refresh_from_db()
    return ComplaintWorld(
        agency=org_world.agency,
        child=child,
        manager=make_user(org_world.agency, "case_source_manager"),
        approver=make_user(org_world.agency, "team_leader"),
        child_leader=make_user(child, "team_leader"),
        officer_user=officer_user,
        officer=officer,
        outsider=make_user(org_world.sibling_child, "officer"),
        service=service,
        client=client,
        api_key=key,
    )


def jpeg_with_exif(width: int = 64, height: int = 48) -> bytes:
    """A JPEG carrying EXIF like a phone photo's: the camera owner's name and a GPS position."""
    from PIL import Image

    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = "陈小明"  # Artist
    exif[0x0112] = 1  # Orientation
    gps = {1: "N", 2: (22.0, 32.0, 49.2), 3: "E", 4: (114.0, 7.0, 12.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def photo_upload(name: str = "现场.jpg", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else jpeg_with_exif(), content_type="image/jpeg")


@pytest.fixture
def photo() -> Any:
    return check_photo(photo_upload())
