"""Registering, updating, merging and revealing parties (services: atomic, audited)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from zhifa.core.audit import Actor
from zhifa.core.crypto_fields import blind_index, decrypt_identity
from zhifa.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from zhifa.core.models import AuditEvent
from zhifa.parties.choices import CF_XDR_LB, IdType, PartyKind, PartyStatus
from zhifa.parties.hooks import _MERGE_HOOKS, register_merge_hook
from zhifa.parties.models import ID_NUMBER_CONTEXT, Party
from zhifa.parties.services import (
    party_bulk_create,
    party_get_or_register,
    party_merge,
    party_register,
    party_reveal_identity,
    party_update,
)

from .factories import make_party, make_resident_id, make_uscc, org_data, person_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(org_world: Any, make_user: Any) -> Any:
    return make_user(org_world.agency, "officer")


def test_register_natural_person_stores_only_cipher_index_and_masked(officer: Any) -> None:
    number = make_resident_id(7, area="440303", birth="19900101")
    party = party_register(actor=Actor.of(officer), data=person_data(id_number=number))
    party.refresh_from_db()
    assert party.id_number_index == blind_index(number)
    assert party.id_number_masked == number[:4] + "*" * 10 + number[-4:]
    assert decrypt_identity(party.id_number_cipher, context=ID_NUMBER_CONTEXT) == number
    assert party.id_number_cipher is not None
    assert number.encode() not in bytes(party.id_number_cipher)
    assert str(party.birth_date) == "1990-01-01"
    assert party.created_by_id == officer.pk
    assert party.organisation_id == officer.organisation_id
    assert party.region_code == officer.organisation.region_code  # no USCC: the unit's region
    event = AuditEvent.objects.get(action="parties.party.register", subject_id=str(party.pk))
    assert number not in event.payload
    assert "张三丰" not in event.payload  # natural person's name masked in the audit payload


def test_register_legal_person_takes_region_from_uscc_area(officer: Any, org_world: Any) -> None:
    party = party_register(actor=Actor.of(officer), data=org_data(uscc=make_uscc(area="440303")))
    assert party.region_code == "440303"
    assert party.cf_xdr_lb == CF_XDR_LB[PartyKind.LEGAL_PERSON] == "法人及非法人组织"


def test_invalid_uscc_is_rejected_with_stable_code_and_nothing_written(officer: Any) -> None:
    with pytest.raises(ValidationError) as info:
        party_register(actor=Actor.of(officer), data=org_data(uscc="91440300MA00000010"))
    assert info.value.code == "invalid_uscc"
    assert "uscc" in info.value.fields
    assert not Party.objects.exists()
    assert not AuditEvent.objects.filter(action="parties.party.register").exists()


def test_invalid_resident_id_is_rejected(officer: Any) -> None:
    with pytest.raises(ValidationError) as info:
        party_register(actor=Actor.of(officer), data=person_data(id_number="440524188001010015"))
    assert info.value.code == "invalid_resident_id"
    assert info.value.fields["id_number"] == ["身份证号码校验位错误"]


def test_kind_rules_natural_person_needs_id_and_legal_person_needs_representative(officer: Any) -> None:
    with pytest.raises(ValidationError) as info:
        party_register(actor=Actor.of(officer), data=person_data(id_type="", id_number=""))
    assert {"id_type", "id_number"} <= set(info.value.fields)
    with pytest.raises(ValidationError) as info:
        party_register(actor=Actor.of(officer), data=org_data(legal_rep_name=""))
    assert "legal_rep_name" in info.value.fields
    with pytest.raises(ValidationError) as info:
        party_register(actor=Actor.of(officer), data=org_data(uscc=""))
    assert "uscc" in info.value.fields  # one of codes 3–8 required for non-自然人


def test_passport_holder_is_registered_with_generic_check(officer: Any) -> None:
    party = party_register(
        actor=Actor.of(officer), data=person_data(id_type=IdType.PASSPORT, id_number="e1234 5678")
    )
    assert party.id_number_masked == "E1*****78"
    assert party.birth_date is None


def test_duplicate_uscc_gives_conflict_naming_the_existing_party(officer: Any) -> None:
    code = make_uscc()
    first = party_register(actor=Actor.of(officer), data=org_data(uscc=code))
    with pytest.raises(Conflict) as info:
        party_register(actor=Actor.of(officer), data=org_data(uscc=code.lower()))
    assert info.value.code == "duplicate_party"
    assert info.value.extra["party_id"] == first.pk
    assert first.name in info.value.message
    existing, created = party_get_or_register(actor=Actor.of(officer), data=org_data(uscc=code))
    assert (existing.pk, created) == (first.pk, False)


def test_duplicate_resident_id_found_by_blind_index_without_leaking_the_name(officer: Any) -> None:
    number = make_resident_id()
    first = party_register(actor=Actor.of(officer), data=person_data(id_number=number))
    with pytest.raises(Conflict) as info:
        party_register(actor=Actor.of(officer), data=person_data(name="李四", id_number=number.lower()))
    assert info.value.extra["party_id"] == first.pk
    assert "张三丰" not in info.value.message
    assert Party.objects.count() == 1


def test_update_keeps_identity_when_left_blank_and_audits_changed_fields(officer: Any) -> None:
    party = make_party(officer.organisation, created_by=officer, kind=PartyKind.NATURAL_PERSON)
    index = party.id_number_index
    data = person_data(name=party.name, id_number="", phone="13900000000")
    updated = party_update(actor=Actor.of(officer), party=party, data=data)
    assert updated.id_number_index == index
    assert updated.phone == "13900000000"
    event = AuditEvent.objects.filter(action="parties.party.update").get()
    assert "phone" in json.loads(event.payload)["changed"]
    assert updated.history.count() == 2


def test_update_to_an_existing_uscc_conflicts(officer: Any) -> None:
    a = make_party(officer.organisation, created_by=officer)
    b = make_party(officer.organisation, created_by=officer)
    with pytest.raises(Conflict):
        party_update(actor=Actor.of(officer), party=b, data=org_data(name=b.name, uscc=a.uscc))


def test_merge_marks_duplicate_moves_codes_and_runs_hooks(officer: Any) -> None:
    keep = make_party(officer.organisation, created_by=officer, uscc="", business_reg_no="440301000000001")
    dup = make_party(officer.organisation, created_by=officer)
    dup_uscc = dup.uscc
    calls: list[tuple[int, int]] = []

    def hook(*, keep: Party, duplicate: Party, actor: Actor) -> None:
        calls.append((keep.pk, duplicate.pk))

    register_merge_hook(hook)
    try:
        kept = party_merge(actor=Actor.of(officer), keep=keep, duplicate=dup)
    finally:
        _MERGE_HOOKS.remove(hook)
    dup.refresh_from_db()
    assert dup.status == PartyStatus.MERGED
    assert dup.merged_into_id == keep.pk
    assert dup.uscc is None
    assert kept.uscc == dup_uscc
    assert calls == [(keep.pk, dup.pk)]
    assert AuditEvent.objects.filter(action="parties.party.merge", subject_id=str(keep.pk)).exists()
    with pytest.raises(Conflict):
        party_merge(actor=Actor.of(officer), keep=keep, duplicate=dup)


def test_reveal_requires_view_identity_in_scope_and_audits_each_view(
    org_world: Any, make_user: Any, officer: Any
) -> None:
    number = make_resident_id()
    party = make_party(
        officer.organisation, created_by=officer, kind=PartyKind.NATURAL_PERSON, id_number=number
    )
    with pytest.raises(PermissionDenied):
        party_reveal_identity(actor=Actor.of(officer), user=officer, party=party)
    admin = make_user(org_world.city_justice, "city_justice_admin")
    for _ in range(2):
        assert party_reveal_identity(actor=Actor.of(admin), user=admin, party=party) == number
    events = AuditEvent.objects.filter(action="parties.party.view_identity", subject_id=str(party.pk))
    assert events.count() == 2
    assert all(number not in e.payload for e in events)
    assert {e.actor_id for e in events} == {admin.pk}


def test_reveal_outside_scope_is_not_found(org_world: Any, make_user: Any) -> None:
    from zhifa.orgs.models import Role

    party = make_party(org_world.other_city, kind=PartyKind.NATURAL_PERSON)
    user = make_user(org_world.agency, "district_justice_admin")
    role = Role.objects.get(code="district_justice_admin")
    role.permissions = [*role.permissions, "parties.party.view_identity"]
    role.save()
    with pytest.raises(NotFound):
        party_reveal_identity(actor=Actor.of(user), user=user, party=party)
    assert not AuditEvent.objects.filter(action="parties.party.view_identity").exists()


def test_bulk_create_inserts_precomputed_rows_skips_duplicates_and_audits_once(org_world: Any) -> None:
    rows = [org_data(uscc=make_uscc(1000 + i)) for i in range(30)]
    rows += [person_data(name=f"赵{i}", id_number=make_resident_id(i)) for i in range(20)]
    rows.append(org_data(uscc=rows[0]["uscc"]))  # duplicate
    inserted = party_bulk_create(rows, organisation=org_world.agency, batch_size=16)
    assert inserted == 50
    person = Party.objects.filter(kind=PartyKind.NATURAL_PERSON).order_by("pk").first()
    assert person is not None
    assert person.id_number_index == blind_index(make_resident_id(0))
    assert AuditEvent.objects.filter(action="parties.party.bulk_create").count() == 1


def test_bulk_create_reports_the_bad_row(org_world: Any) -> None:
    from zhifa.core.errors import ImportFailed

    rows = [org_data(), org_data(uscc="bad")]
    with pytest.raises(ImportFailed) as info:
        party_bulk_create(rows, organisation=org_world.agency)
    assert "第2行" in info.value.message
