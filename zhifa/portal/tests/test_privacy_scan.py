"""Acceptance (issue #5): a scan of every public page finds no unmasked natural-person name or identity
number — over a demo-like city with natural persons known to the test by full name and number,
including a row that reached the public state unmasked by mistake and one still pending review."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client

from .scan import PUBLIC_START_URLS, crawl, leaks
from .world import World, build_world


def start_urls(world: World) -> list[str]:
    urls = list(PUBLIC_START_URLS)
    for person in world.persons:
        surname, given = person.name[:1], person.name[1:]
        for q in (
            person.name,
            surname + "*",
            given,
            person.id_number,
            person.id_number[-4:],
            person.name[:2],
        ):
            urls.append(f"/gs/?q={quote(q)}")
    urls += [
        "/gs/?q=%E5%BB%BA%E5%9B%BD",
        "/gs/?kind=coercion",
        "/gs/?kind=inspection",
        "/gs/?district=440305",
    ]
    urls += [f"/gs/publications/{p.pk}/" for p in world.publications.values()]
    urls += [f"/gs/officers/verify/?no={o.certificate_no}" for o in world.officers.values()]
    urls += [f"/gs/plans/{p.pk}/" for p in world.plans.values()]
    return urls


@pytest.mark.django_db
def test_no_public_page_shows_a_natural_persons_name_or_identity_number() -> None:
    world = build_world()
    pages = crawl(Client(), start_urls(world))
    public = world.publications
    for key in ("company", "person", "leaked", "trader", "withdrawn"):
        assert f"/gs/publications/{public[key].pk}/" in pages, key
    assert f"/gs/publications/{public['pending'].pk}/" not in pages
    assert f"/gs/plans/{world.plans['drawn'].pk}/" in pages
    assert f"/gs/powers/{world.powers['food'].pk}/" in pages
    assert f"/gs/discretion/{world.standards['published'].pk}/" in pages
    assert any(url.startswith("/gs/?q=") for url in pages)
    assert len(pages) >= 30
    assert leaks(pages, world.persons) == []
    # The masked forms are there: the scan looks at pages that do show these people.
    leaked = pages[f"/gs/publications/{public['leaked'].pk}/"]
    assert "李**" in leaked
    assert world.persons[2].id_number[:4] + "*" * 10 + world.persons[2].id_number[-4:] in leaked
    assert "欧阳**" in pages[f"/gs/publications/{public['person'].pk}/"]
    assert "陈**" in pages[f"/gs/publications/{public['trader'].pk}/"]


@pytest.mark.django_db
def test_the_scan_would_catch_a_leak() -> None:
    """The scanner itself: a page that names a person or prints a valid ID number is reported."""
    world = build_world()
    person = world.persons[0]
    pages = {
        "/a": f"<p>{person.name}</p>",
        "/b": f"<p>{person.id_number}</p>",
        "/c": "<p>欧阳**</p>",
        "/d": f'<input type="search" name="q" value="{person.name}"><td>{person.name}</td>',
        "/e": f'<input type="search" name="q" value="{person.name}">',
    }
    assert [url for url, _ in leaks(pages, world.persons)] == ["/a", "/b", "/b", "/d"]
