"""Discretion pages: list/filter/export, detail with tiers and calculator, workflow buttons, forms."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from zhifa.core.audit import Actor
from zhifa.legal.models import DiscretionStandard, DiscretionStatus
from zhifa.legal.services.discretion import discretion_claim, discretion_withdraw

from .powers_factories import make_standard

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_filters_and_menu(org_world: Any, make_user: Any) -> None:
    make_standard(org_world.agency, violation="未依法备案建设项目环境影响登记表的")
    make_standard(org_world.agency, violation="拒绝现场检查", status=DiscretionStatus.DRAFT)
    client = client_for(make_user(org_world.agency, "unit_admin"))
    page = client.get(reverse("legal:discretion_list")).content.decode()
    assert "未依法备案建设项目环境影响登记表的" in page
    assert "拒绝现场检查" in page
    assert "执法事项" in page  # menu group
    assert "裁量基准变更提醒" in page
    page = client.get(reverse("legal:discretion_list"), {"keyword": "登记表"}).content.decode()
    assert "拒绝现场检查" not in page
    page = client.get(reverse("legal:discretion_list"), {"status": "draft"}).content.decode()
    assert "未依法备案建设项目环境影响登记表的" not in page


def test_export_is_csv_with_one_row_per_tier(org_world: Any, make_user: Any) -> None:
    make_standard(org_world.agency, item_no="1-2")
    response = client_for(make_user(org_world.agency, "unit_admin")).get(reverse("legal:discretion_export"))
    assert response["Content-Type"].startswith("text/csv")
    # django-stubs types every test-client response as HttpResponse; this one streams.
    streamed = cast(StreamingHttpResponse, response)
    text = b"".join(cast(Iterator[bytes], streamed.streaming_content)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["序号", "违法行为"]
    assert len(rows) == 1 + 3
    assert rows[2][10] == "10,000.00元至20,000.00元"


def test_calculator_gives_the_recommended_range(org_world: Any, make_user: Any) -> None:
    standard = make_standard(org_world.agency)
    client = client_for(make_user(org_world.agency, "officer"))
    url = reverse("legal:discretion_detail", args=[standard.pk])
    page = client.get(url, {"calc": "1", "circumstances": "发现有超标排放污染物的"}).content.decode()
    assert "20000.00元 至 40000.00元" in page
    assert "30000.00元" in page
    page = client.get(url, {"calc": "1", "tier": "2", "statutory": "removed_harm"}).content.decode()
    assert "从轻处罚" in page
    assert "10000.00元 至 13000.00元" in page


def test_calculator_errors_are_inline_and_chinese(org_world: Any, make_user: Any) -> None:
    tiers = [
        {
            "label": "1",
            "circumstances": ["报告表项目"],
            "standard_text": "责令停止建设，处建设项目总投资额百分之一以上百分之二以下的罚款",
        }
    ]
    standard = make_standard(org_world.agency, tiers=tiers)
    client = client_for(make_user(org_world.agency, "officer"))
    url = reverse("legal:discretion_detail", args=[standard.pk])
    page = client.get(url, {"calc": "1", "tier": "1"}).content.decode()
    assert "请填写建设项目总投资额" in page
    page = client.get(url, {"calc": "1", "tier": "1", "base_amount": "-5"}).content.decode()
    assert "计算基数不能为负数" in page
    page = client.get(url, {"calc": "1", "tier": "1", "base_amount": "1000000"}).content.decode()
    assert "10000.00元 至 20000.00元" in page


def test_workflow_buttons_follow_permissions(org_world: Any, make_user: Any) -> None:
    draft = make_standard(org_world.agency, status=DiscretionStatus.DRAFT)
    url = reverse("legal:discretion_detail", args=[draft.pk])
    admin_page = client_for(make_user(org_world.agency, "unit_admin")).get(url).content.decode()
    assert "提交审核" in admin_page
    assert "审核通过" not in admin_page
    reviewer = make_user(org_world.city_justice, "city_justice_admin")
    client_for(make_user(org_world.agency, "unit_admin")).post(
        reverse("legal:discretion_action", args=[draft.pk, "submit"])
    )
    reviewer_page = client_for(reviewer).get(url).content.decode()
    assert "审核通过" in reviewer_page
    assert "退回修改" in reviewer_page
    response = client_for(reviewer).post(reverse("legal:discretion_action", args=[draft.pk, "approve"]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DiscretionStatus.APPROVED


def test_action_errors_are_shown_not_raised(org_world: Any, make_user: Any) -> None:
    published = make_standard(org_world.agency)
    client = client_for(make_user(org_world.agency, "unit_admin"))
    response = client.post(reverse("legal:discretion_action", args=[published.pk, "withdraw"]), follow=True)
    assert "请填写撤回原因" in response.content.decode()
    published.refresh_from_db()
    assert published.status == DiscretionStatus.PUBLISHED


def test_create_form_validates_inline_and_keeps_input(org_world: Any, make_user: Any) -> None:
    client = client_for(make_user(org_world.agency, "unit_admin"))
    data = {
        "violation": "",
        "tiers-TOTAL_FORMS": "2",
        "tiers-INITIAL_FORMS": "0",
        "tiers-0-label": "1",
        "tiers-0-standard_text": "处一万元以上三万元以下罚款",
        "factors-TOTAL_FORMS": "1",
        "factors-INITIAL_FORMS": "0",
        "factors-0-percentage": "500",
    }
    page = client.post(reverse("legal:discretion_create"), data).content.decode()
    assert "请填写违法行为" in page
    assert "不能大于100" in page
    assert "处一万元以上三万元以下罚款" in page
    data.update({"violation": "新违法行为", "factors-0-percentage": "10", "factors-0-name": "主观过错"})
    response = client.post(reverse("legal:discretion_create"), data)
    standard = DiscretionStandard.objects.get(violation="新违法行为")
    assert response.status_code == 302
    assert standard.tiers.get().amount_max == 30000
    assert standard.factors.get().name == "主观过错"


def test_revising_a_published_standard_creates_the_next_version(org_world: Any, make_user: Any) -> None:
    published = make_standard(org_world.agency)
    client = client_for(make_user(org_world.agency, "unit_admin"))
    url = reverse("legal:discretion_edit", args=[published.pk])
    page = client.get(url).content.decode()
    assert "生成第2版草稿" in page
    data = {
        "violation": published.violation,
        "tiers-TOTAL_FORMS": "1",
        "tiers-INITIAL_FORMS": "0",
        "tiers-0-label": "1",
        "tiers-0-standard_text": "处五千元以下罚款",
        "factors-TOTAL_FORMS": "0",
        "factors-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    revised = DiscretionStandard.objects.get(supersedes=published)
    assert response["Location"] == reverse("legal:discretion_detail", args=[revised.pk])
    assert revised.version == 2


def test_notice_page_lists_and_marks_read(org_world: Any, make_user: Any) -> None:
    standard = make_standard(org_world.agency)
    child_admin = make_user(org_world.agency_child, "unit_admin")
    discretion_claim(actor=Actor.of(child_admin), standard=standard)
    discretion_withdraw(actor=Actor.system("t"), standard=standard, reason="上位法修改")
    client = client_for(child_admin)
    page = client.get(reverse("legal:discretion_notices")).content.decode()
    assert "上位法修改" in page
    assert "未读" in page
    client.post(reverse("legal:discretion_notices"), {"all": "1"})
    page = client.get(reverse("legal:discretion_notices"), {"unread": "1"}).content.decode()
    assert "暂无变更提醒" in page


def test_pages_require_the_view_permission(org_world: Any, make_user: Any) -> None:
    standard = make_standard(org_world.agency)
    nobody = make_user(org_world.agency)  # no roles
    client = client_for(nobody)
    assert client.get(reverse("legal:discretion_list")).status_code == 403
    assert client.get(reverse("legal:discretion_detail", args=[standard.pk])).status_code == 403
    other = client_for(make_user(org_world.other_city, "unit_admin"))
    assert other.get(reverse("legal:discretion_detail", args=[standard.pk])).status_code == 404


def test_detail_links_cited_articles_to_the_law_library(org_world: Any, make_user: Any) -> None:
    from zhifa.legal.models import Article, Law, LawVersion

    law = Law.objects.create(name="大气污染防治法", title="中华人民共和国大气污染防治法", legal_level="law")
    version = LawVersion.objects.create(
        law=law, version_date="2018-10-26", validity="valid", legal_level="law"
    )
    article = Article.objects.create(version=version, number=99, label="第九十九条", text="…", position=99)
    standard = make_standard(org_world.agency, penalty_article_ids=[article.pk])
    page = client_for(make_user(org_world.agency, "officer")).get(
        reverse("legal:discretion_detail", args=[standard.pk])
    )
    assert f'href="/legal/laws/articles/{article.pk}/"' in page.content.decode()
