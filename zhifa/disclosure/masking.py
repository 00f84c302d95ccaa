"""The public content of a publication, built from the source record with the personal information
the rules forbid taken out (RULES §6.3; RECORDS §1 "Masking"; SAMR 公示规定 Arts. 5–7; 处罚法 Art. 50).

* A natural person's name keeps the surname (`mask_name`: 张三 → 张*); a 个体工商户's operator is a
  natural person too: the operator's name is masked wherever it appears, and a trader registered
  under the operator's own name (no shop name) is shown masked. Identity numbers are masked
  (`mask_id_number`: 4403**********0014).
* Organisations (法人及非法人组织, and 个体工商户 with a shop name) keep their name and USCC — both
  are public registry data (CF_XDR_MC, CF_XDR_SHXYM) — and an organisation's legal representative is
  published (CF_FRDB).
* Free text (facts, basis, decision …) loses: every 18-digit (or legacy 15-digit) identity number
  (masked), bank card or account numbers (16–19 digits, grouped or not) and phone numbers (removed),
  the names of the other natural persons known to the system (witnesses, recipients, evidence
  providers …: masked), and for a natural person or trader their address (the registered one,
  masked to district level, and any house-number address, removed). A valid USCC is never touched.

`find_leaks` is the check run before publishing and on every officer correction: an unmasked
identity number, a mobile number or the full name of a natural person named in the record refuses
the write. Pure functions, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from zhifa.core.identifiers import (
    COMPOUND_SURNAMES,
    mask_address,
    mask_id_number,
    mask_name,
    mask_resident_id,
    resident_id_is_valid,
    uscc_is_valid,
)

from .models import PartyKind

REMOVED = "***"

# Digits not touching other letters/digits: identity numbers, bank cards, accounts.
_LONG_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{15,19}|\d{17}[Xx])(?![0-9A-Za-z])")
# Card numbers written in groups: 6222 0212 3456 7890 123 / 6222-0212-3456-7890.
_GROUPED_CARD = re.compile(r"(?<![0-9A-Za-z])\d{4}(?:[ \-]\d{4}){2,3}(?:[ \-]\d{1,4})?(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[ \-]?)?1[3-9]\d(?:[ \-]?\d{4}){2}(?![0-9A-Za-z])")
_LANDLINE = re.compile(
    r"(?<![0-9A-Za-z])(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}-)\d{7,8}(?:-\d{1,5})?(?![0-9])"
)
# A house-number address: "...路12号", "...街道8号3栋401室", "...村15号" (a natural person's home).
# The street name may not run back over the province/city/district part (kept, as mask_address does).
_HOUSE_ADDRESS = re.compile(
    r"(?:(?![省市区县镇乡])[\u4e00-\u9fff]){1,6}(?:路|街|巷|弄|里|村|道|小区|花园|大厦|公寓)"
    r"[\u4e00-\u9fffA-Za-z0-9\-]{0,10}?\d+号(?:[\dA-Za-z\-]+(?:栋|座|单元|楼|层|室|房|号))*"
)
_UNMASKED_ID = re.compile(r"(?<![0-9A-Za-z*])(\d{17}[\dXx])(?![0-9A-Za-z*])")
# Words that make a short trader name a shop name rather than a person's (names with 轩, 园, 居 …
# are common personal names, so those are not listed: a shop name masked by mistake harms no one).
_SHOP_WORDS = re.compile(r"(店|部|行|厂|馆|社|坊|铺|档|摊|吧|院|所|站|中心|公司)")


@dataclass(frozen=True)
class PartyFacts:
    """What masking needs to know of the party, as the source record holds it."""

    kind: str  # PartyKind of the publication
    name: str
    uscc: str = ""
    id_number_masked: str = ""  # the party library's masked form (never the clear number)
    id_type: str = "resident_id"
    legal_rep_name: str = ""  # 法定代表人 / 个体工商户经营者
    address: str = ""
    phone: str = ""

    @property
    def is_organisation(self) -> bool:
        return self.kind == PartyKind.ORGANISATION


@dataclass(frozen=True)
class MaskContext:
    party: PartyFacts
    other_names: tuple[str, ...] = field(default_factory=tuple)  # other natural persons known to us

    def person_names(self) -> list[str]:
        """Names of natural persons that must never appear in full, longest first (so 欧阳娜娜 is
        replaced before a shorter name inside it). One-character names are too ambiguous to search."""
        names: set[str] = set()
        p = self.party
        if p.kind == PartyKind.PERSON:
            names.add(p.name.strip())
        if p.kind == PartyKind.SOLE_TRADER:
            if p.legal_rep_name.strip():
                names.add(p.legal_rep_name.strip())
            if trader_is_personal_name(p.name, p.legal_rep_name):
                names.add(p.name.strip())
        names.update(n.strip() for n in self.other_names)
        if p.is_organisation:  # the legal representative of an organisation is published (CF_FRDB)
            names.discard(p.legal_rep_name.strip())
        return sorted((n for n in names if len(n) >= 2), key=lambda n: (-len(n), n))


_NOT_A_NAME = re.compile(
    r"(公司|局|队|所|中心|委员会|政府|部门|单位|法院|银行|学校|医院|当事人|本人|家属|同事|员工|现场|执法|见证|无)"
)


def looks_like_person_name(value: str) -> bool:
    """2–4 Chinese characters (5 with a compound surname) that name no organisation or role: the
    free-text fields we mine (witnesses, recipients, evidence providers) also hold "当事人本人",
    "某某公司" … which must not be masked as if they were people."""
    v = value.strip()
    if not 2 <= len(v) <= 5 or not all("\u4e00" <= c <= "\u9fff" or c == "·" for c in v):
        return False
    if len(v) == 5 and v[:2] not in COMPOUND_SURNAMES:
        return False
    return not (_NOT_A_NAME.search(v) or _SHOP_WORDS.search(v))


def _split_names(values: Iterable[str]) -> tuple[str, ...]:
    """Witness fields hold several names: "张三、李四,王五（家属）" → the names that read as names."""
    out: list[str] = []
    for value in values:
        for part in re.split(r"[、,，;；/\s()（）:：]+", value or ""):
            if looks_like_person_name(part):
                out.append(part.strip())
    return tuple(dict.fromkeys(out))


def mask_context(party: PartyFacts, other_names: Iterable[str] = ()) -> MaskContext:
    return MaskContext(party=party, other_names=_split_names(other_names))


def trader_is_personal_name(name: str, operator: str = "") -> bool:
    """A 个体工商户 without a shop name is registered under its operator's name (or reads like one)."""
    value = (name or "").strip()
    if not value:
        return False
    if operator and value == operator.strip():
        return True
    return len(value) <= 4 and not _SHOP_WORDS.search(value) and all("\u4e00" <= c <= "\u9fff" for c in value)


# -- the party as published ---------------------------------------------------------------------


def public_party_name(party: PartyFacts) -> str:
    """CF_XDR_MC as published."""
    if party.kind == PartyKind.PERSON:
        return mask_name(party.name)
    if party.kind == PartyKind.SOLE_TRADER:
        if trader_is_personal_name(party.name, party.legal_rep_name):
            return mask_name(party.name)
        operator = party.legal_rep_name.strip()
        if len(operator) >= 2 and operator in party.name:
            return party.name.replace(operator, mask_name(operator))
    return party.name


def public_party_code(party: PartyFacts) -> str:
    """CF_XDR_SHXYM for organisations and traders with a USCC; the masked identity number of a
    natural person (CF_XDR_ZJHM is masked on publication, RECORDS §1)."""
    if party.kind != PartyKind.PERSON and party.uscc:
        return party.uscc
    if party.kind == PartyKind.PERSON and party.id_number_masked:
        masked = party.id_number_masked
        # The library keeps a masked form; mask again in case a pattern changed since (idempotent).
        return masked if "*" in masked else mask_id_number(masked, party.id_type or "resident_id")
    return ""


def public_legal_representative(party: PartyFacts) -> str:
    """CF_FRDB: required for 法人及非法人组织; a trader's operator is a natural person (masked)."""
    if party.kind == PartyKind.ORGANISATION:
        return party.legal_rep_name
    if party.kind == PartyKind.SOLE_TRADER and party.legal_rep_name:
        return mask_name(party.legal_rep_name)
    return ""


# -- free text ----------------------------------------------------------------------------------


def _long_number(match: re.Match[str]) -> str:
    value = match.group(0)
    if len(value) == 18 and uscc_is_valid(value):
        return value  # an organisation's USCC is public
    if len(value) in (15, 18) and (resident_id_is_valid(value) or value[-1] in "Xx"):
        return mask_resident_id(value)
    return REMOVED  # a bank card or account number


def redact_text(text: str, ctx: MaskContext) -> str:
    """The text with identity numbers masked, accounts and phones removed, other natural persons'
    names masked and — for a natural person or trader — addresses taken out."""
    if not text:
        return text or ""
    out = _LONG_NUMBER.sub(_long_number, text)
    out = _GROUPED_CARD.sub(REMOVED, out)
    out = _MOBILE.sub(REMOVED, out)
    out = _LANDLINE.sub(REMOVED, out)
    party = ctx.party
    if not party.is_organisation:
        address = party.address.strip()
        if len(address) >= 4 and address in out:
            out = out.replace(address, mask_address(address))
        out = _HOUSE_ADDRESS.sub(REMOVED, out)
        phone = party.phone.strip()
        if len(phone) >= 5 and phone in out:
            out = out.replace(phone, REMOVED)
    for name in ctx.person_names():
        out = out.replace(name, mask_name(name))
    return out


# -- the check before publishing ----------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    field: str
    what: str  # Chinese description, e.g. "未隐去的身份证号码"

    def __str__(self) -> str:
        return f"{self.field}：{self.what}"


def _has_unmasked_id(text: str) -> bool:
    return any(not uscc_is_valid(m.group(1)) for m in _UNMASKED_ID.finditer(text))


def find_leaks(
    values: Mapping[str, str], ctx: MaskContext, *, labels: Mapping[str, str] | None = None
) -> list[Leak]:
    """What in `values` (field → public text) must not be published."""
    leaks: list[Leak] = []
    names = ctx.person_names()
    for name, text in values.items():
        if not text:
            continue
        label = (labels or {}).get(name, name)
        if _has_unmasked_id(text):
            leaks.append(Leak(label, "含有未隐去的身份证号码"))
        if _MOBILE.search(text):
            leaks.append(Leak(label, "含有手机号码"))
        for person in names:
            if person in text:
                leaks.append(Leak(label, f"含有自然人全名“{mask_name(person)}”"))
                break
    return leaks


def leak_message(leaks: list[Leak]) -> str:
    return "公示内容含有未隐去的个人信息，不能保存或公示：" + "；".join(str(leak) for leak in leaks)
