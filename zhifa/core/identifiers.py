"""Party identifiers: 统一社会信用代码 (GB 32100-2015) and 居民身份证号码 (GB 11643-1999), plus masking.

Pure, typed functions. python-stdnum 2.2 computes the check characters; everything it gets wrong
(RULES.md §8.4) is handled here:

* `stdnum.cn.uscc.validate()` rejects every valid code starting with A, N or Y (it requires
  positions 1–8 to be digits) and checks neither positions 1–2 nor the org-code check at
  position 17 — so we only call its `calc_check_digit`.
* `stdnum.cn.ric.validate()` checks the birthplace against its own region table compared to the
  birth year (rejecting GB 11643's own example `440524188001010014`, HK/Macau/Taiwan residence
  permits and new foreign permanent-residence IDs) and accepts future birth dates — so we only call
  its `calc_check_digit` and do date and (lenient) region checks here.

Masking patterns are configurable through `settings.ZHIFA_MASK_PATTERNS` (RECORDS.md §1 "Mask
patterns are configurable per platform"; RULES.md §6.3).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from stdnum.cn import ric as _stdnum_ric
from stdnum.cn import uscc as _stdnum_uscc

from zhifa.core.errors import ValidationError

# ---------------------------------------------------------------------------------------------
# 统一社会信用代码 — GB 32100-2015
# ---------------------------------------------------------------------------------------------

# GB 32100-2015 §4: 31 symbols, never I, O, S, V, Z.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# GB 32100-2015 §5: weights 3^i mod 31 for positions 1–17.
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714-1997 (organisation code, positions 9–17 of the USCC): weights for positions 1–8.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# GB 32100-2015 表1/表2 (registration authority → entity types) [secondary, RULES.md §8.1].
USCC_AUTHORITY_TYPES: dict[str, dict[str, str]] = {
    "1": {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    "2": {"1": "外国常驻新闻机构", "9": "其他"},
    "3": {
        "1": "律师执业机构",
        "2": "公证处",
        "3": "基层法律服务所",
        "4": "司法鉴定机构",
        "5": "仲裁委员会",
        "9": "其他",
    },
    "4": {"1": "外国在华文化中心", "9": "其他"},
    "5": {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"},
    "6": {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构", "9": "其他"},
    "7": {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"},
    "8": {"1": "基层工会", "9": "其他"},
    "9": {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"},
    "A": {"1": "军队事业单位", "9": "其他"},
    "N": {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    "Y": {"1": "其他"},
}
USCC_AUTHORITY_NAMES: dict[str, str] = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "工商/市场监管",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}


def _compact(value: str) -> str:
    return re.sub(r"[\s\-]", "", str(value or "")).upper()


def uscc_check_char(first17: str) -> str:
    """GB 32100-2015 §5 check character for positions 1–17.

    Uses python-stdnum's `calc_check_digit` (correct for every alphabet symbol — only its
    `validate()` has the A/N/Y gap); the in-house formula is the same and is tested against it.
    """
    return _stdnum_uscc.calc_check_digit(first17)


def _uscc_check_char_inhouse(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """GB 11714-1997 check character of the 9-character organisation code (letters A→10 … Z→35)."""
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def validate_uscc(code: str) -> str:
    """Validate a 统一社会信用代码 (GB 32100-2015) and return it normalised (upper case, no spaces).

    Checks, in order: length 18; alphabet (no I, O, S, V, Z); registration authority (pos. 1) and
    entity type (pos. 2) against GB 32100 表1/表2; positions 3–8 are digits (GB/T 2260 code of the
    registering authority, never rejected for being old); the GB 11714 organisation-code check at
    position 17; the mod-31 check character at position 18.
    """
    value = _compact(code)
    if not value:
        raise ValidationError("请填写统一社会信用代码", code="invalid_uscc")
    if len(value) != 18:
        raise ValidationError(f"统一社会信用代码应为18位，当前为{len(value)}位", code="invalid_uscc")
    bad = sorted({c for c in value if c not in USCC_ALPHABET})
    if bad:
        raise ValidationError(
            f"统一社会信用代码含有非法字符：{'、'.join(bad)}（不使用 I、O、S、V、Z）", code="invalid_uscc"
        )
    types = USCC_AUTHORITY_TYPES.get(value[0])
    if types is None:
        raise ValidationError("统一社会信用代码第1位（登记管理部门）无效", code="invalid_uscc")
    if value[1] not in types:
        raise ValidationError("统一社会信用代码第2位（机构类别）无效", code="invalid_uscc")
    if not value[2:8].isdigit():
        raise ValidationError(
            "统一社会信用代码第3–8位（登记管理机关行政区划码）应为数字", code="invalid_uscc"
        )
    if org_code_check_char(value[8:16]) != value[16]:
        raise ValidationError("统一社会信用代码第9–17位（组织机构代码）校验位错误", code="invalid_uscc")
    if uscc_check_char(value[:17]) != value[17]:
        raise ValidationError("统一社会信用代码校验位错误", code="invalid_uscc")
    return value


def uscc_is_valid(code: str) -> bool:
    try:
        validate_uscc(code)
    except ValidationError:
        return False
    return True


def uscc_entity_type(code: str) -> str:
    """Human name of positions 1–2, e.g. "工商/市场监管 · 个体工商户" (code must be valid)."""
    value = validate_uscc(code)
    return f"{USCC_AUTHORITY_NAMES[value[0]]} · {USCC_AUTHORITY_TYPES[value[0]][value[1]]}"


# ---------------------------------------------------------------------------------------------
# 居民身份证号码 — GB 11643-1999
# ---------------------------------------------------------------------------------------------

# GB/T 2260 province-level codes (first two digits); 71 台湾, 81 香港, 82 澳门.
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
        "71", "81", "82",
    }
)  # fmt: skip
# 港澳台居民居住证 (since 2018): 810000 HK, 820000 Macau, 830000 Taiwan (RULES.md §8.3).
RESIDENCE_PERMIT_PREFIXES = frozenset({"81", "82", "83"})
EARLIEST_BIRTH_YEAR = 1850


def resident_id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character (GB 11643-1999 §7) via python-stdnum's calc_check_digit."""
    # stdnum's calc_check_digit takes the number *with* a (placeholder) check character.
    return _stdnum_ric.calc_check_digit(first17 + "0")


def _convert_legacy_15(value: str) -> str:
    """GB 11643-1999 §8: a 15-digit number (YYMMDD, no check) gains "19" and a check character."""
    body = value[:6] + "19" + value[6:]
    return body + resident_id_check_char(body)


def validate_resident_id(number: str, *, today: dt.date | None = None) -> str:
    """Validate a 居民身份证号码 (GB 11643-1999) and return the normalised 18-character form.

    Lower-case x becomes X; 15-digit legacy numbers are converted. The birth date must exist and
    not lie in the future. The region is checked leniently: the first two digits must be a
    GB/T 2260 province code, 81/82/83 (港澳台居民居住证) or start with 9 (外国人永久居留身份证,
    2023 style) — historical county codes stay valid (RULES.md §8.2–8.3).
    """
    value = _compact(number)
    if not value:
        raise ValidationError("请填写身份证号码", code="invalid_resident_id")
    if len(value) == 15:
        if not value.isdigit():
            raise ValidationError("15位身份证号码应全部为数字", code="invalid_resident_id")
        value = _convert_legacy_15(value)
    elif len(value) != 18:
        raise ValidationError(f"身份证号码应为18位，当前为{len(value)}位", code="invalid_resident_id")
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise ValidationError("身份证号码前17位应为数字，末位为数字或X", code="invalid_resident_id")
    prefix = value[:2]
    if not (prefix in PROVINCE_CODES or prefix in RESIDENCE_PERMIT_PREFIXES or value[0] == "9"):
        raise ValidationError("身份证号码前2位（省级行政区划代码）无效", code="invalid_resident_id")
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError("身份证号码中的出生日期不存在", code="invalid_resident_id") from None
    if birth > (today or dt.date.today()):
        raise ValidationError("身份证号码中的出生日期晚于今天", code="invalid_resident_id")
    if birth.year < EARLIEST_BIRTH_YEAR:
        raise ValidationError("身份证号码中的出生年份过早", code="invalid_resident_id")
    if resident_id_check_char(value[:17]) != value[17]:
        raise ValidationError("身份证号码校验位错误", code="invalid_resident_id")
    return value


def resident_id_is_valid(number: str) -> bool:
    try:
        validate_resident_id(number)
    except ValidationError:
        return False
    return True


def resident_id_birth_date(number: str) -> dt.date:
    value = validate_resident_id(number)
    return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def resident_id_sex(number: str) -> str:
    """ "male" or "female": the sequence digit (pos. 17) is odd for men (GB 11643-1999 §6.3)."""
    value = validate_resident_id(number)
    return "male" if int(value[16]) % 2 else "female"


def is_minor_on(birth_date: dt.date | None, day: dt.date | None = None) -> bool:
    """Under 18 on `day` (民法典 第17条: 十八周岁以上的自然人为成年人)."""
    if birth_date is None:
        return False
    day = day or dt.date.today()
    try:
        adult_day = birth_date.replace(year=birth_date.year + 18)
    except ValueError:  # born on 29 February
        adult_day = dt.date(birth_date.year + 18, 3, 1)
    return day < adult_day


# ---------------------------------------------------------------------------------------------
# Masking — RULES.md §6.3, RECORDS.md §1 (CF_XDR_ZJHM / CF_FR_ZJHM never published in full)
# ---------------------------------------------------------------------------------------------

DEFAULT_MASK_PATTERNS: dict[str, dict[str, Any]] = {
    # keep the first `keep_start` and last `keep_end` characters, `char` elsewhere
    "resident_id": {"keep_start": 4, "keep_end": 4, "char": "*"},
    "id_number": {"keep_start": 2, "keep_end": 2, "char": "*"},  # passports, permits …
    "phone": {"keep_start": 3, "keep_end": 4, "char": "*"},
    "name": {"char": "*"},
    "address": {"suffix": "****"},
}


def mask_pattern(kind: str) -> dict[str, Any]:
    from django.conf import settings

    configured = getattr(settings, "ZHIFA_MASK_PATTERNS", None) or {}
    return {**DEFAULT_MASK_PATTERNS.get(kind, {}), **configured.get(kind, {})}


def _mask_middle(value: str, keep_start: int, keep_end: int, char: str) -> str:
    if len(value) <= keep_start + keep_end:
        # Too short to keep both ends: keep at most the first quarter.
        keep = min(keep_start, len(value) // 4)
        return value[:keep] + char * (len(value) - keep)
    return value[:keep_start] + char * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_resident_id(number: str) -> str:
    """4405**********0014 by default (first 4, last 4; `ZHIFA_MASK_PATTERNS["resident_id"]`)."""
    value = _compact(number)
    if not value:
        return ""
    p = mask_pattern("resident_id")
    return _mask_middle(value, p["keep_start"], p["keep_end"], p["char"])


def mask_id_number(number: str, id_type: str = "resident_id") -> str:
    """Mask any identity document number; resident IDs use their own pattern."""
    value = _compact(number)
    if not value:
        return ""
    if id_type == "resident_id":
        return mask_resident_id(value)
    p = mask_pattern("id_number")
    return _mask_middle(value, p["keep_start"], p["keep_end"], p["char"])


# 复姓 (compound surnames) common in China; longest match first.
COMPOUND_SURNAMES = (
    "欧阳", "太史", "端木", "上官", "司马", "东方", "独孤", "南宫", "万俟", "闻人", "夏侯", "诸葛",
    "尉迟", "公羊", "赫连", "澹台", "皇甫", "宗政", "濮阳", "公冶", "太叔", "申屠", "公孙", "慕容",
    "仲孙", "钟离", "长孙", "宇文", "司徒", "鲜于", "司空", "闾丘", "子车", "亓官", "司寇", "巫马",
    "公西", "颛孙", "壤驷", "公良", "漆雕", "乐正", "宰父", "谷梁", "拓跋", "夹谷", "轩辕", "令狐",
    "段干", "百里", "呼延", "东郭", "南门", "羊舌", "微生", "公户", "公玉", "公仪", "梁丘", "公仲",
    "公上", "公门", "公山", "公坚", "左丘", "公伯", "西门", "公祖", "第五", "公乘", "贯丘", "公皙",
    "南荣", "东里", "东宫", "仲长", "子书", "子桑", "即墨", "达奚", "褚师",
)  # fmt: skip


def mask_name(name: str) -> str:
    """Keep the surname of a natural person: 张三 → 张*, 欧阳娜娜 → 欧阳**.

    Names written in Latin letters keep their first letter only.
    """
    value = (name or "").strip()
    if not value:
        return ""
    char = mask_pattern("name")["char"]
    if value.isascii():
        return value[0] + "".join(" " if c == " " else char for c in value[1:])
    surname_len = 2 if len(value) > 2 and value[:2] in COMPOUND_SURNAMES else 1
    if len(value) == 1:
        return char
    return value[:surname_len] + char * (len(value) - surname_len)


def mask_phone(phone: str) -> str:
    """138****5678 for mobiles; landlines keep the area code and the last 4 digits."""
    value = re.sub(r"\s", "", phone or "")
    if not value:
        return ""
    p = mask_pattern("phone")
    char = p["char"]
    if "-" in value:
        area, _, rest = value.partition("-")
        return area + "-" + _mask_middle(rest, 0, p["keep_end"], char)
    return _mask_middle(value, p["keep_start"], p["keep_end"], char)


_ADDRESS_LEVELS = re.compile(
    r"^(?:[^省市区县路街道镇乡村号\d]{1,8}?(?:省|自治区|特别行政区))?"
    r"(?:[^省市区县路街道镇乡村号\d]{1,10}?(?:市|自治州|地区|盟))?"
    r"(?:[^省市区县路街道镇乡村号\d]{1,10}?(?:区|县|市|旗|自治县|自治旗|林区|特区))?"
)


def mask_address(address: str) -> str:
    """Keep the address down to the district/county level.

    广东省深圳市罗湖区东门路1号 → 广东省深圳市罗湖区****
    """
    value = (address or "").strip()
    if not value:
        return ""
    suffix = mask_pattern("address")["suffix"]
    match = _ADDRESS_LEVELS.match(value)
    kept = match.group(0) if match else ""
    if kept == value:
        return value
    return kept + suffix
