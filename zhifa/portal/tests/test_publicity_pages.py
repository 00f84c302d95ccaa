"""事前公开 pages (RULES P1; spec/04 齐齐哈尔、宁波): enforcement bodies with their powers, officers and
the 执法证号 check, the power list, discretion standards, 双随机 plans — only what is in force or
published, no login, and kept per process for a minute."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from zhifa.orgs.models import Officer

from .world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def html(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200, path
    assert not response.cookies, path
    return response.content.decode()


def test_enforcement_bodies_are_listed_with_their_powers_in_force_and_officers(world: World) -> None:
    page = html("/gs/subjects/")
    for org in (world.city, world.district, world.street, world.entrusted):
        assert org.name in page
    assert world.supervisor.name not in page  # a supervisory body is not an enforcement subject
    assert f'href="/gs/powers/?agency={world.city.pk}">2 项</a>' in page  # the retired power not counted
    assert f'href="/gs/officers/?agency={world.city.pk}">1 人</a>' in page  # only the valid certificate
    assert "委托机关：深圳市南山区粤海街道办事处" in page
    only_subjects = html("/gs/subjects/?kind=enforcement_subject")
    assert world.street.name in only_subjects
    assert world.city.name not in only_subjects
    nanshan = html("/gs/subjects/?district=440305")
    assert f'agency={world.district.pk}"' in nanshan
    assert f'agency={world.city.pk}"' not in nanshan


def test_officers_in_service_with_a_valid_certificate_are_public(world: World) -> None:
    page = html("/gs/officers/")
    for key in ("valid", "district", "street"):
        officer = world.officers[key]
        assert officer.name in page
        assert officer.certificate_no in page
    for key in ("expired", "revoked", "suspended", "retired"):
        assert world.officers[key].name not in page
    assert "市场监管" in page
    assert "王建军" not in html(f"/gs/officers/?agency={world.district.pk}")
    assert "刘海峰" in html("/gs/officers/?q=海峰")


@pytest.mark.parametrize(
    ("key", "verdict", "shows_holder"),
    [
        ("valid", "有效", True),
        ("expired", "已过期", True),
        ("revoked", "无效", True),
        ("suspended", "无效", True),
        ("retired", "无效", True),
    ],
)
def test_a_certificate_number_is_verified(world: World, key: str, verdict: str, shows_holder: bool) -> None:
    officer = world.officers[key]
    page = html(f"/gs/officers/verify/?no={officer.certificate_no.lower()}")
    assert f"<strong>{verdict}</strong>" in page
    assert (officer.name in page) is shows_holder
    assert officer.organisation.name in page


def test_an_unknown_certificate_number_is_reported_as_not_found(world: World) -> None:
    page = html("/gs/officers/verify/?no=NO-SUCH-1")
    assert "<strong>未查询到</strong>" in page
    assert "请输入执法人员出示的执法证件上的证号" in html("/gs/officers/verify/")


def test_a_certificate_that_starts_later_is_not_yet_valid(world: World) -> None:
    officer = world.officers["valid"]
    Officer.objects.filter(pk=officer.pk).update(
        certificate_valid_from=timezone.localdate() + dt.timedelta(days=3)
    )
    assert "<strong>无效</strong>" in html(f"/gs/officers/verify/?no={officer.certificate_no}")


def test_the_power_list_shows_powers_in_force_with_their_basis(world: World) -> None:
    page = html("/gs/powers/")
    assert "对销售过期食品的行政处罚" in page
    assert "对占道经营的行政处罚" in page
    assert "已取消的测试职权" not in page
    assert "对占道经营" not in html(f"/gs/powers/?agency={world.city.pk}")
    assert "对食品经营者的行政检查" in html("/gs/powers/?kind=inspection")
    assert "对销售过期食品" not in html("/gs/powers/?kind=inspection")
    assert "对销售过期食品的行政处罚" in html("/gs/powers/?q=330217001000")
    detail = html(f"/gs/powers/{world.powers['food'].pk}/")
    assert "《中华人民共和国测试法》第一条" in detail
    assert f"/gs/discretion/{world.standards['published'].pk}/" in detail
    assert Client().get(f"/gs/powers/{world.powers['retired'].pk}/").status_code == 404


def test_published_discretion_standards_with_their_tiers(world: World) -> None:
    page = html("/gs/discretion/")
    assert "销售超过保质期的食品的" in page
    assert "草稿中的裁量基准" not in page
    detail = html(f"/gs/discretion/{world.standards['published'].pk}/")
    assert "责令备案，处一万元以上二万元以下的罚款" in detail
    assert "发现有超标排放污染物的" in detail
    assert Client().get(f"/gs/discretion/{world.standards['draft'].pk}/").status_code == 404


def test_random_inspection_plans_and_only_published_draws(world: World) -> None:
    page = html("/gs/plans/")
    assert "2026年食品经营者双随机抽查" in page
    assert "南山抽查计划（结果未公示）" in page
    assert "草拟中的抽查计划" not in page
    assert "内部专项检查安排" not in page
    drawn = html(f"/gs/plans/{world.plans['drawn'].pk}/")
    assert "深圳市粤海明珠贸易有限公司" in drawn
    assert "张**" in drawn  # a natural person drawn as a target is masked
    assert "张三丰" not in drawn
    assert "王建军、刘海峰" in drawn
    unpublished = html(f"/gs/plans/{world.plans['unpublished'].pk}/")
    assert "抽查结果尚未公示" in unpublished
    assert "深圳市粤海明珠贸易有限公司" not in unpublished
    assert Client().get(f"/gs/plans/{world.plans['draft'].pk}/").status_code == 404
    assert Client().get(f"/gs/plans/{world.plans['special'].pk}/").status_code == 404


def test_publicity_pages_are_kept_for_a_minute_but_the_certificate_check_is_not(world: World) -> None:
    first = Client().get("/gs/officers/")
    assert "max-age=60" in first["Cache-Control"]
    Officer.objects.filter(pk=world.officers["valid"].pk).update(name="王新名")
    assert "王建军" in html("/gs/officers/")  # the same page for a minute
    verify = html(f"/gs/officers/verify/?no={world.officers['valid'].certificate_no}")
    assert "王新名" in verify


def test_every_nav_entry_leads_to_a_page_and_marks_itself_current(world: World) -> None:
    page = html("/gs/")
    links = re.findall(r'<li><a href="(/gs/[a-z/]*)"', page)
    assert links == [
        "/gs/",
        "/gs/subjects/",
        "/gs/officers/",
        "/gs/powers/",
        "/gs/discretion/",
        "/gs/plans/",
        "/gs/complaints/",
        "/gs/party/",
    ]
    for link in links[:6]:
        assert f'href="{link}" aria-current="page"' in html(link)
