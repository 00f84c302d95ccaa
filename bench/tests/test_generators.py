"""The demo generators: valid, unique codes by construction; names and rows fixed by the seed."""

from __future__ import annotations

import datetime as dt
import random

from bench.demo import names
from bench.demo.codes import CodeIssuer
from bench.demo.people import CHUNK, PartyGenerator, PartyPlan, Place
from bench.foundation import percentile, search_term
from zhifa.core.identifiers import validate_resident_id, validate_uscc
from zhifa.parties.rules import clean_party

PLAN = PartyPlan(
    seed=2026,
    places={
        "440304": [Place("440304", "福田区", "440304001", "园岭街道")],
        "440306": [
            Place("440306", "宝安区", "440306001", "新安街道"),
            Place("440306", "宝安区", "440306002", "西乡街道"),
        ],
    },
    birthplaces=("440304", "430102", "360102"),
)


def test_every_generated_party_passes_the_parties_validation_unchanged() -> None:
    rows = list(PartyGenerator(PLAN).chunk(0))[:1500]
    kinds = {row["kind"] for row in rows}
    assert kinds == {"legal_person", "individual_business", "natural_person", "other_org"}
    for row in rows:
        data = {k: v for k, v in row.items() if not k.startswith("_")}
        clean = clean_party(data)
        assert clean.uscc == data.get("uscc")
        if data["kind"] == "natural_person":
            assert clean.id_number == data["id_number"]
            assert (clean.birth_date, clean.sex) == (data["birth_date"], data["sex"])
        else:
            assert validate_uscc(data["uscc"]) == data["uscc"]
            assert clean.legal_rep_id_number == data["legal_rep_id_number"]


def test_codes_are_unique_across_chunks_and_the_same_for_the_same_seed() -> None:
    generator = PartyGenerator(PLAN)
    rows = [row for chunk in range(3) for row in generator.chunk(chunk)]
    assert len(rows) == 3 * CHUNK
    usccs = [r["uscc"] for r in rows if r.get("uscc")]
    identities = [r[k] for r in rows for k in ("id_number", "legal_rep_id_number") if r.get(k)]
    assert len(set(usccs)) == len(usccs)
    assert len(identities) == len(rows)  # one per party: its own or its representative's
    assert len(set(identities)) == len(identities)
    again = list(PartyGenerator(PLAN).chunk(1))
    assert again == rows[CHUNK : 2 * CHUNK]


def test_organisation_codes_and_resident_ids_are_valid() -> None:
    issuer = CodeIssuer(random.Random(1))
    codes = {issuer.uscc(authority="1", kind="1", region6="440304") for _ in range(500)}
    assert len(codes) == 500
    assert all(validate_uscc(code) == code for code in codes)
    number = issuer.resident_id(birthplace="440304", birth_date=dt.date(1990, 2, 28), male=True)
    assert validate_resident_id(number) == number
    assert int(number[16]) % 2 == 1


def test_names_follow_the_seed() -> None:
    first = [names.company_name(random.Random(5)) for _ in range(3)]
    assert first == [names.company_name(random.Random(5)) for _ in range(3)]
    rng = random.Random(9)
    people = [names.person_name(rng) for _ in range(200)]
    assert all(2 <= len(p) <= 4 for p in people)
    assert sum(p.startswith(("王", "李", "张")) for p in people) > 20  # the big three surnames dominate
    assert names.shop_name(random.Random(3), district="福田区").endswith(names.SHOP_KINDS)


def test_search_terms_are_pieces_of_the_distinctive_part_of_a_name() -> None:
    rng = random.Random(0)
    for name in ("深圳市华鑫科技有限公司", "深圳市福田区老陈粉面店", "张伟"):
        term = search_term(name, rng)
        assert term in name
        assert term not in {"深圳市", "有限公司"}
        assert 2 <= len(term) <= 4


def test_percentile_interpolates() -> None:
    assert percentile([1, 2, 3, 4, 5], 50) == 3
    assert percentile([1, 2], 95) == 1.95
    assert percentile([], 95) == 0.0
