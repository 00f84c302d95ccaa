"""GB 32100-2015 (USCC) and GB 11643-1999 (resident ID) validation, and masking (RULES.md §6.3, §8)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from zhifa.core.errors import ValidationError
from zhifa.core.identifiers import (
    USCC_ALPHABET,
    USCC_AUTHORITY_TYPES,
    _uscc_check_char_inhouse,
    is_minor_on,
    mask_address,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_resident_id,
    org_code_check_char,
    resident_id_birth_date,
    resident_id_check_char,
    resident_id_is_valid,
    resident_id_sex,
    uscc_check_char,
    uscc_entity_type,
    uscc_is_valid,
    validate_resident_id,
    validate_uscc,
)

RULES_USCC_FIXTURES = [
    "91110000600037341L",
    "91330100799655058B",
    "9144030071526726XG",
    "914403001922038216",
    "91440300708461136T",
    "12100000400000624D",
]
STDNUM_GAP_FIXTURES = ["N2110000MA0000007N", "A1110000MA00000076", "Y1110000MA0000007H"]


@pytest.mark.parametrize("code", RULES_USCC_FIXTURES + STDNUM_GAP_FIXTURES)
def test_rules_uscc_fixtures_are_valid(code: str) -> None:
    assert validate_uscc(code) == code
    assert uscc_is_valid(code)


@pytest.mark.parametrize("code", STDNUM_GAP_FIXTURES)
def test_codes_starting_with_a_n_y_pass_although_stdnum_rejects_them(code: str) -> None:
    assert not stdnum_uscc.is_valid(code)
    assert uscc_is_valid(code)


def test_uscc_is_normalised_to_upper_case_without_spaces() -> None:
    assert validate_uscc(" 91110000600037341l ") == "91110000600037341L"
    assert validate_uscc("9144 0300 7152 6726 XG") == "9144030071526726XG"


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("", "请填写"),
        ("9111000060003734", "18位"),
        ("91110000600O37341L", "非法字符"),
        ("91110000600037341I", "非法字符"),
        ("B1110000600037341L", "第1位"),
        ("94110000600037341L", "第2位"),
        ("9111A000600037341L", "第3–8位"),
        ("91110000600037351L", "组织机构代码"),
        ("91110000600037341M", "校验位错误"),
    ],
)
def test_invalid_uscc_gives_a_chinese_reason(code: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_uscc(code)
    assert info.value.code == "invalid_uscc"
    assert fragment in info.value.message


def test_org_code_check_x_and_zero() -> None:
    # 9144030071526726XG: organisation code 71526726-X
    assert org_code_check_char("71526726") == "X"
    assert org_code_check_char("MA000000") == "7"


def test_uscc_entity_type_names_positions_one_and_two() -> None:
    assert uscc_entity_type("91110000600037341L") == "工商/市场监管 · 企业"
    assert uscc_entity_type("N2110000MA0000007N") == "农业 · 村级集体经济组织"


def _make_uscc(authority: str, kind: str, region: str, org8: str) -> str:
    body = authority + kind + region + org8 + org_code_check_char(org8)
    return body + _uscc_check_char_inhouse(body)


@st.composite
def valid_usccs(draw: st.DrawFn) -> str:
    authority = draw(st.sampled_from(sorted(USCC_AUTHORITY_TYPES)))
    kind = draw(st.sampled_from(sorted(USCC_AUTHORITY_TYPES[authority])))
    region = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    org8 = draw(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8))
    return _make_uscc(authority, kind, region, org8)


@settings(max_examples=300, deadline=None)
@given(valid_usccs())
def test_generated_usccs_pass_and_stdnum_agrees_on_the_check_character(code: str) -> None:
    assert validate_uscc(code) == code
    assert uscc_check_char(code[:17]) == _uscc_check_char_inhouse(code[:17]) == code[17]


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(RULES_USCC_FIXTURES + STDNUM_GAP_FIXTURES),
    st.integers(min_value=0, max_value=17),
    st.sampled_from(sorted(set(USCC_ALPHABET + "IOSVZ"))),
)
def test_any_single_character_change_of_a_valid_uscc_fails(code: str, pos: int, char: str) -> None:
    if code[pos] == char:
        return
    mutated = code[:pos] + char + code[pos + 1 :]
    assert not uscc_is_valid(mutated)


# --- 居民身份证号码 -------------------------------------------------------------------------------

ID_FIXTURES = ["11010519491231002X", "440524188001010014", "360426199101010071"]


@pytest.mark.parametrize("number", ID_FIXTURES)
def test_rules_resident_id_fixtures_are_valid(number: str) -> None:
    assert validate_resident_id(number) == number


def test_gb11643_own_example_passes_although_stdnum_rejects_it() -> None:
    from stdnum.cn import ric

    assert not ric.is_valid("440524188001010014")
    assert resident_id_is_valid("440524188001010014")


def test_lower_case_x_is_normalised() -> None:
    assert validate_resident_id("11010519491231002x") == "11010519491231002X"


def test_legacy_fifteen_digit_number_is_converted() -> None:
    assert validate_resident_id("110105491231002") == "11010519491231002X"


def _with_check(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_hk_macau_taiwan_residence_permits_pass(prefix: str) -> None:
    number = _with_check(prefix + "19900101001")
    assert validate_resident_id(number) == number
    older = _with_check(prefix + "19500101002")  # stdnum rejects HK before 1997
    assert resident_id_is_valid(older)


def test_new_foreign_permanent_residence_id_starting_with_9_passes() -> None:
    number = _with_check("944840" + "19850315" + "123")
    assert resident_id_is_valid(number)


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("", "请填写"),
        ("1101051949123100", "18位"),
        ("11010519491231002Y", "末位"),
        ("11010519490231002X", "不存在"),
        ("99010519491231002X", None),
        ("11010519491231002 1", "校验位"),
        ("11010519491231003X", "校验位"),
        ("00010519491231002X", "省级"),
    ],
)
def test_invalid_resident_ids_give_a_chinese_reason(number: str, fragment: str | None) -> None:
    with pytest.raises(ValidationError) as info:
        validate_resident_id(number)
    assert info.value.code == "invalid_resident_id"
    if fragment:
        assert fragment in info.value.message


def test_future_birth_date_is_rejected() -> None:
    number = _with_check("440305" + "20300101" + "001")
    with pytest.raises(ValidationError, match="晚于今天"):
        validate_resident_id(number, today=dt.date(2026, 1, 1))


def test_birth_date_and_sex_come_from_the_number() -> None:
    assert resident_id_birth_date("11010519491231002X") == dt.date(1949, 12, 31)
    assert resident_id_sex("11010519491231002X") == "female"  # sequence 002: even
    assert resident_id_sex("360426199101010071") == "male"  # sequence 007: odd


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(ID_FIXTURES),
    st.integers(min_value=0, max_value=17),
    st.sampled_from(list("0123456789X")),
)
def test_any_single_character_change_of_a_valid_id_fails(number: str, pos: int, char: str) -> None:
    if number[pos] == char:
        return
    mutated = number[:pos] + char + number[pos + 1 :]
    assert not resident_id_is_valid(mutated)


def test_minor_until_the_eighteenth_birthday() -> None:
    born = dt.date(2008, 6, 1)
    assert is_minor_on(born, dt.date(2026, 5, 31))
    assert not is_minor_on(born, dt.date(2026, 6, 1))
    assert is_minor_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28))
    assert not is_minor_on(None)


# --- masking ----------------------------------------------------------------------------------


def test_resident_id_keeps_first_four_and_last_four() -> None:
    assert mask_resident_id("440524188001010014") == "4405**********0014"


def test_mask_pattern_is_configurable(settings: object) -> None:
    settings.ZHIFA_MASK_PATTERNS = {"resident_id": {"keep_start": 6, "keep_end": 0}}  # type: ignore[attr-defined]
    assert mask_resident_id("440524188001010014") == "440524************"


def test_other_id_documents_are_masked_too() -> None:
    assert mask_id_number("E12345678", "passport") == "E1*****78"
    assert "12345" not in mask_id_number("E12345678", "passport")


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张*"), ("欧阳娜娜", "欧阳**"), ("诸葛亮", "诸葛*"), ("李", "*"), ("王小明", "王**"), ("", "")],
)
def test_natural_person_names_keep_the_surname(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_phone_masking() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0755-83451234") == "0755-****1234"


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("广东省深圳市罗湖区东门街道解放路1号", "广东省深圳市罗湖区****"),
        ("北京市朝阳区建国路88号", "北京市朝阳区****"),
        ("新疆维吾尔自治区乌鲁木齐市天山区某路1号", "新疆维吾尔自治区乌鲁木齐市天山区****"),
        ("广东省东莞市东城街道工业区1号", "广东省东莞市****"),
        ("某村5号", "****"),
    ],
)
def test_address_is_kept_down_to_the_district(address: str, masked: str) -> None:
    assert mask_address(address) == masked
