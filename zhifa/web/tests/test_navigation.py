"""Role-aware navigation: every role sees exactly the menus its permissions open, every menu it sees
opens (200), and every menu page it does not see refuses it (403/404) — no dead or leaking links."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.orgs.roles import ROLE_SPECS
from zhifa.web.navigation import all_menu_items

PASSWORD = "Zhifa-test-2026"


def menu_links(html: str) -> set[str]:
    nav = re.search(r'<nav id="sidenav".*?</nav>', html, re.S)
    assert nav is not None, "logged-in pages carry the left menu"
    return set(re.findall(r'href="([^"]+)"', nav.group(0)))


@pytest.mark.django_db
@pytest.mark.parametrize("spec", ROLE_SPECS, ids=lambda s: s.code)
def test_each_role_sees_exactly_its_menus_and_each_opens(spec: Any, org_world: Any, make_user: Any) -> None:
    user = make_user(org_world.agency, spec.code)
    client = Client()
    client.force_login(user)
    shown = menu_links(client.get(reverse("web:home")).content.decode())

    granted = {str(p) for p in spec.permissions}
    items = all_menu_items()
    expected = {reverse(i.url_name) for i in items if not i.perms or granted & {str(p) for p in i.perms}}
    assert shown == expected

    for url in expected:
        assert client.get(url).status_code == 200, url
    for url in {reverse(i.url_name) for i in items} - expected:
        assert client.get(url).status_code in (403, 404), url
