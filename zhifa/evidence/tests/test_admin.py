from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from .conftest import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


def test_admin_pages_are_read_only_and_show_the_chain_state(world: Any, add_evidence: Any) -> None:
    from zhifa.orgs.tests.factories import UserFactory

    item = add_evidence(files=[upload("a.jpg", jpeg_bytes())])
    admin_user: Any = UserFactory(is_staff=True, is_superuser=True, organisation=world.organisation)
    client = Client()
    client.force_login(admin_user)
    page = client.get(f"/admin/evidence/evidence/{item.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "链条完整" in html
    assert item.files.get().sm3 in html
    assert "/media/" not in html
    assert client.get("/admin/evidence/evidence/add/").status_code == 403
    assert client.get("/admin/evidence/custodyevent/").status_code == 200
    assert client.get("/admin/evidence/evidencefile/").status_code == 200
    assert client.post(f"/admin/evidence/custodyevent/{item.custody.first().pk}/delete/").status_code == 403
