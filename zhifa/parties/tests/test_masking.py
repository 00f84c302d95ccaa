"""No natural person's full ID number or unmasked name leaves the system for a role without
parties.party.view_identity; reveals are POST-only and each one is audited."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from zhifa.core.models import AuditEvent
from zhifa.orgs.roles import ROLE_SPECS
from zhifa.parties.choices import PartyKind
from zhifa.parties.permissions import PartyPerm

from .factories import make_party, make_resident_id

pytestmark = pytest.mark.django_db

NAME = "欧阳娜娜"
ADDRESS = "广东省深圳市罗湖区东门街道隐私路8号"
PHONE = "13912345678"
REP_ID_AREA = "440304"


@pytest.fixture
def person(org_world: Any) -> dict[str, Any]:
    number = make_resident_id(area="440303", birth="19900102")
    rep_number = make_resident_id(area=REP_ID_AREA, birth="19700101")
    party = make_party(
        org_world.agency,
        kind=PartyKind.NATURAL_PERSON,
        name=NAME,
        id_number=number,
        address=ADDRESS,
        phone=PHONE,
    )
    business = make_party(
        org_world.agency,
        name="某某贸易有限公司",
        legal_rep_id_type="resident_id",
        legal_rep_id_number=rep_number,
    )
    return {"party": party, "number": number, "business": business, "rep_number": rep_number}


def _outputs(client: Client, person: dict[str, Any], spec_perms: tuple[str, ...]) -> list[str]:
    party = person["party"]
    texts = [
        client.get(reverse("parties:list")).content.decode(),
        client.get(reverse("parties:list"), {"q": "欧阳"}).content.decode(),
        client.get(reverse("parties:detail", args=[party.pk])).content.decode(),
        client.get(reverse("parties:detail", args=[person["business"].pk])).content.decode(),
        client.get("/api/parties/").content.decode(),
        client.get(f"/api/parties/{party.pk}").content.decode(),
        client.get("/api/parties/lookup", {"code": person["number"]}).content.decode(),
        client.get(f"/api/parties/{person['business'].pk}").content.decode(),
    ]
    if PartyPerm.EXPORT in spec_perms:
        response = client.get(reverse("parties:export"))
        streamed = cast(StreamingHttpResponse, response)  # django-stubs types test responses as HttpResponse
        texts.append(b"".join(cast(Iterator[bytes], streamed.streaming_content)).decode("utf-8-sig"))
    return texts


VIEWERS = [
    s
    for s in ROLE_SPECS
    if PartyPerm.VIEW in s.permissions
    and s.scope_for(PartyPerm.VIEW) in ("all", "own_unit", "unit_and_below", "region")
]


@pytest.mark.parametrize("spec", VIEWERS, ids=[s.code for s in VIEWERS])
def test_no_full_id_or_name_without_view_identity(
    spec: Any, org_world: Any, make_user: Any, person: dict[str, Any]
) -> None:
    user = make_user(org_world.agency, spec.code)
    client = Client()
    client.force_login(user)
    texts = _outputs(client, person, spec.permissions)
    joined = "\n".join(texts)
    assert person["number"] not in joined
    assert person["number"].lower() not in joined
    assert person["rep_number"] not in joined
    assert person["number"][:4] + "**********" + person["number"][-4:] in joined  # masked form shown
    if PartyPerm.VIEW_IDENTITY in spec.permissions:
        assert NAME in joined  # may see the name, still never the full ID outside the reveal
    else:
        assert NAME not in joined
        assert "欧阳**" in joined
        assert ADDRESS not in joined
        assert PHONE not in joined
        assert "查看完整证件号" not in joined
    assert not AuditEvent.objects.filter(action="parties.party.view_identity").exists()


def test_reveal_is_post_only_shows_full_number_and_audits_each_view(
    org_world: Any, make_user: Any, person: dict[str, Any]
) -> None:
    admin = make_user(org_world.agency, "city_justice_admin")
    client = Client()
    client.force_login(admin)
    party = person["party"]
    url = reverse("parties:reveal", args=[party.pk])
    detail = client.get(reverse("parties:detail", args=[party.pk])).content.decode()
    assert "查看完整证件号" in detail
    assert client.get(url).status_code == 405
    for _ in range(3):
        response = client.post(url, {"field": "id_number"})
        assert response.status_code == 200
        assert person["number"] in response.content.decode()
        assert response["Cache-Control"] == "no-store"
    api = client.post(
        f"/api/parties/{party.pk}/reveal", {"field": "id_number"}, content_type="application/json"
    )
    assert api.status_code == 200
    assert api.json()["value"] == person["number"]
    rep = client.post(
        f"/api/parties/{person['business'].pk}/reveal",
        {"field": "legal_rep_id_number"},
        content_type="application/json",
    )
    assert rep.json()["value"] == person["rep_number"]
    events = AuditEvent.objects.filter(action="parties.party.view_identity")
    assert events.count() == 5
    assert set(events.values_list("actor_id", flat=True)) == {admin.pk}
    assert all(person["number"] not in e.payload for e in events)


@pytest.mark.parametrize("role", ["officer", "unit_admin", "district_justice_admin"])
def test_reveal_refused_without_view_identity(
    role: str, org_world: Any, make_user: Any, person: dict[str, Any]
) -> None:
    user = make_user(org_world.agency, role)
    client = Client()
    client.force_login(user)
    party = person["party"]
    assert client.post(reverse("parties:reveal", args=[party.pk])).status_code == 403
    api = client.post(f"/api/parties/{party.pk}/reveal", {}, content_type="application/json")
    assert api.status_code in (403, 404)
    assert not AuditEvent.objects.filter(action="parties.party.view_identity").exists()
