"""Writes on the party library: register, update, merge (audited, atomic)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction

from zhifa.core.audit import Actor, audit_append
from zhifa.core.crypto_fields import blind_index, encrypt_identity
from zhifa.core.errors import Conflict, ValidationError
from zhifa.core.identifiers import mask_name
from zhifa.orgs.models import Organisation, Region

from ..choices import OTHER_CODE_FIELDS, PartyKind, PartyStatus
from ..hooks import merge_hooks
from ..models import ID_NUMBER_CONTEXT, LEGAL_REP_ID_CONTEXT, Party
from ..rules import CleanParty, clean_party, masked_id
from ..search import name_grams

PLAIN_FIELDS = (
    "kind",
    "name",
    "uscc",
    *OTHER_CODE_FIELDS,
    "id_type",
    "legal_rep_name",
    "legal_rep_id_type",
    "address",
    "phone",
    "registration_authority",
    "industry_code",
    "enterprise_status",
    "source",
)


def region_code_from_uscc(uscc: str | None) -> str:
    """GB 32100 positions 3–8 (registering authority area, GB/T 2260) → our prefix form
    (440300 → 4403, 440000 → 44, 440303 → 440303)."""
    if not uscc:
        return ""
    code = uscc[2:8]
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


def resolve_region(clean: CleanParty, organisation: Organisation) -> tuple[Region | None, str]:
    """Explicit region code (must exist) → the USCC's area (longest known prefix) → the unit's."""
    if clean.region_code:
        region = Region.objects.filter(code=clean.region_code).first()
        if region is None:
            raise ValidationError(
                "区划代码不存在", code="invalid_region", fields={"region_code": ["区划代码不存在"]}
            )
        return region, region.code
    derived = region_code_from_uscc(clean.uscc)
    if derived:
        candidates = [derived[:n] for n in (6, 4, 2) if len(derived) >= n]
        region = Region.objects.filter(code__in=candidates).order_by("-code").first()
        if region is not None:
            return region, region.code
    return organisation.region, organisation.region_code


def display_name(kind: str, name: str) -> str:
    """The name as it may appear in logs and messages (natural persons masked)."""
    return mask_name(name) if kind == PartyKind.NATURAL_PERSON else name


def find_duplicate(clean: CleanParty, *, exclude_pk: int | None = None) -> Party | None:
    """De-duplication: the same USCC, or a natural person with the same ID number (blind index)."""
    qs = Party.objects.exclude(pk=exclude_pk) if exclude_pk else Party.objects.all()
    if clean.uscc:
        found = qs.filter(uscc=clean.uscc).first()
        if found is not None:
            return found
    if clean.kind == PartyKind.NATURAL_PERSON and clean.id_number:
        return (
            qs.filter(
                kind=PartyKind.NATURAL_PERSON,
                status=PartyStatus.ACTIVE,
                id_number_index=blind_index(clean.id_number),
            )
            .order_by("pk")
            .first()
        )
    return None


def duplicate_conflict(existing: Party) -> Conflict:
    if existing.kind == PartyKind.NATURAL_PERSON:
        what = f"该证件号码已登记为执法对象（编号{existing.pk}，登记单位：{existing.organisation}）"
    else:
        what = f"该统一社会信用代码已登记为执法对象「{existing.name}」（编号{existing.pk}）"
    return Conflict(
        what + "，请直接选用已有对象或申请合并", code="duplicate_party", extra={"party_id": existing.pk}
    )


def _set_identity(party: Party, prefix: str, id_type: str, number: str, context: str, index: str) -> None:
    setattr(party, f"{prefix}_cipher", encrypt_identity(number, context=context))
    setattr(party, f"{prefix}_index", index)
    setattr(party, f"{prefix}_masked", masked_id(id_type, number))


def apply_clean(party: Party, clean: CleanParty, *, keep_blank_identity: bool) -> list[str]:
    """Copy clean data onto the party; returns the names of the fields that changed."""
    changed: list[str] = []
    for fname in PLAIN_FIELDS:
        value = getattr(clean, fname)
        if getattr(party, fname) != value:
            setattr(party, fname, value)
            changed.append(fname)
    party.name_grams = name_grams(party.name)  # the name search's copy (zhifa.parties.search)
    for prefix, number, id_type, context in (
        ("id_number", clean.id_number, clean.id_type, ID_NUMBER_CONTEXT),
        ("legal_rep_id", clean.legal_rep_id_number, clean.legal_rep_id_type, LEGAL_REP_ID_CONTEXT),
    ):
        if number:
            index = blind_index(number)
            if getattr(party, f"{prefix}_index") != index or not getattr(party, f"{prefix}_cipher"):
                changed.append(prefix)
            _set_identity(party, prefix, id_type, number, context, index)
        elif not keep_blank_identity and getattr(party, f"{prefix}_index"):
            setattr(party, f"{prefix}_cipher", None)
            setattr(party, f"{prefix}_index", "")
            setattr(party, f"{prefix}_masked", "")
            changed.append(prefix)
    if clean.id_number and (party.birth_date, party.sex) != (clean.birth_date, clean.sex):
        party.birth_date, party.sex = clean.birth_date, clean.sex
        changed.append("birth_date")
    return changed


def _audit_payload(party: Party, changed: list[str] | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "kind": party.kind,
        "name": display_name(party.kind, party.name),
        "uscc": party.uscc or "",
        "id_number": party.id_number_masked,
        "region_code": party.region_code,
    }
    if changed is not None:
        payload["changed"] = changed
    return payload


def _unique_violation(clean: CleanParty, exc: IntegrityError) -> Conflict:
    existing = find_duplicate(clean)
    return (
        duplicate_conflict(existing) if existing else Conflict(f"执法对象重复：{exc}", code="duplicate_party")
    )


def party_register(
    *, actor: Actor, data: Mapping[str, Any], organisation: Organisation | None = None
) -> Party:
    """Register a party for `organisation` (default: the actor's unit). Raises Conflict
    ("duplicate_party", extra party_id) when the USCC or a natural person's ID is already known."""
    clean = clean_party(data)
    org = organisation
    if org is None:
        if actor.organisation_id is None:
            raise ValidationError("您未分配所属单位，不能登记执法对象")
        org = Organisation.objects.get(pk=actor.organisation_id)
    with transaction.atomic():
        existing = find_duplicate(clean)
        if existing is not None:
            raise duplicate_conflict(existing)
        region, region_code = resolve_region(clean, org)
        party = Party(organisation=org, created_by_id=actor.id, region=region, region_code=region_code)
        apply_clean(party, clean, keep_blank_identity=False)
        try:
            with transaction.atomic():
                party.save(force_insert=True)
        except IntegrityError as exc:
            raise _unique_violation(clean, exc) from exc
        audit_append(
            actor=actor, action="parties.party.register", subject=party, payload=_audit_payload(party)
        )
    return party


def party_get_or_register(
    *, actor: Actor, data: Mapping[str, Any], organisation: Organisation | None = None
) -> tuple[Party, bool]:
    """The explicit "use the existing one" path: (existing party, False) on a duplicate."""
    clean = clean_party(data)
    existing = find_duplicate(clean)
    if existing is not None:
        return existing, False
    return party_register(actor=actor, data=data, organisation=organisation), True


def party_update(*, actor: Actor, party: Party, data: Mapping[str, Any]) -> Party:
    """Update every field from `data`; a blank identity number keeps the stored one."""
    clean = clean_party(data, partial_identity=True)
    with transaction.atomic():
        locked = Party.objects.select_for_update().get(pk=party.pk)
        if locked.status == PartyStatus.MERGED:
            raise Conflict("该执法对象已被合并，不能修改", code="party_merged")
        if not clean.id_number and clean.kind == PartyKind.NATURAL_PERSON and not locked.id_number_index:
            raise ValidationError("自然人须填写证件号码", fields={"id_number": ["自然人须填写证件号码"]})
        existing = find_duplicate(clean, exclude_pk=locked.pk)
        if existing is not None:
            raise duplicate_conflict(existing)
        changed = apply_clean(locked, clean, keep_blank_identity=True)
        if clean.region_code and clean.region_code != locked.region_code:
            locked.region, locked.region_code = resolve_region(clean, locked.organisation)
            changed.append("region_code")
        if not changed:
            return locked
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError as exc:
            raise _unique_violation(clean, exc) from exc
        audit_append(
            actor=actor,
            action="parties.party.update",
            subject=locked,
            payload=_audit_payload(locked, changed),
        )
    return locked


def party_merge(*, actor: Actor, keep: Party, duplicate: Party) -> Party:
    """Mark `duplicate` as merged into `keep`; codes the kept party lacks move over; registered
    merge hooks re-point other apps' references (zhifa.parties.hooks)."""
    if keep.pk == duplicate.pk:
        raise ValidationError("不能将执法对象与自身合并", code="invalid_merge")
    with transaction.atomic():
        locked = {p.pk: p for p in Party.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])}
        keep, duplicate = locked[keep.pk], locked[duplicate.pk]
        if PartyStatus.MERGED in (keep.status, duplicate.status):
            raise Conflict("已合并的执法对象不能再次合并", code="party_merged")
        if keep.is_natural_person != duplicate.is_natural_person:
            raise ValidationError("自然人与组织不能合并", code="invalid_merge")
        moved: list[str] = []
        moved_uscc = duplicate.uscc if duplicate.uscc and not keep.uscc else None
        duplicate.status = PartyStatus.MERGED
        duplicate.merged_into = keep
        if moved_uscc:
            duplicate.uscc = None
        duplicate.save(update_fields=["status", "merged_into", "uscc", "updated_at"])
        if moved_uscc:
            keep.uscc = moved_uscc
            moved.append("uscc")
        for fname in (*OTHER_CODE_FIELDS, "legal_rep_name", "address", "phone", "industry_code"):
            if not getattr(keep, fname) and getattr(duplicate, fname):
                setattr(keep, fname, getattr(duplicate, fname))
                moved.append(fname)
        if not keep.id_number_index and duplicate.id_number_index:
            for suffix in ("cipher", "index", "masked"):
                setattr(keep, f"id_number_{suffix}", getattr(duplicate, f"id_number_{suffix}"))
            keep.id_type = duplicate.id_type
            moved.append("id_number")
        if moved:
            keep.save()
        for hook in merge_hooks():
            hook(keep=keep, duplicate=duplicate, actor=actor)
        audit_append(
            actor=actor,
            action="parties.party.merge",
            subject=keep,
            payload={
                "duplicate_id": duplicate.pk,
                "moved": moved,
                "name": display_name(keep.kind, keep.name),
            },
        )
    return keep
