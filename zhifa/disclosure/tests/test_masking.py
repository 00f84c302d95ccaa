"""Masking of the public content (RULES §6.3; RECORDS §1 "Masking"; SAMR 公示规定 Arts. 5–7)."""

from __future__ import annotations

import pytest

from zhifa.disclosure.masking import (
    PartyFacts,
    find_leaks,
    mask_context,
    public_legal_representative,
    public_party_code,
    public_party_name,
    redact_text,
    trader_is_personal_name,
)
from zhifa.disclosure.models import PartyKind
from zhifa.parties.tests.factories import make_resident_id, make_uscc

PERSON_ID = make_resident_id(7, area="440303", birth="19850101")
PERSON = PartyFacts(
    kind=PartyKind.PERSON,
    name="张三丰",
    id_number_masked="4403**********" + PERSON_ID[-4:],
    address="广东省深圳市罗湖区东门街道测试路2号",
    phone="13812345678",
)
USCC = make_uscc(area="440303")
COMPANY = PartyFacts(
    kind=PartyKind.ORGANISATION,
    name="深圳市罗湖区某某食品有限公司",
    uscc=USCC,
    legal_rep_name="王五",
    address="广东省深圳市罗湖区东门街道测试路1号",
)


def test_rule_6_3_natural_person_name_keeps_only_the_surname_and_id_is_masked() -> None:
    assert public_party_name(PERSON) == "张**"
    code = public_party_code(PERSON)
    assert code.startswith("4403")
    assert "*" in code
    assert PERSON_ID not in code
    assert public_legal_representative(PERSON) == ""


def test_organisation_keeps_its_name_uscc_and_legal_representative() -> None:
    assert public_party_name(COMPANY) == COMPANY.name
    assert public_party_code(COMPANY) == USCC
    assert public_legal_representative(COMPANY) == "王五"  # CF_FRDB is published


def test_sole_trader_under_its_operators_name_is_masked_but_a_shop_name_is_kept() -> None:
    bare = PartyFacts(kind=PartyKind.SOLE_TRADER, name="李小龙", legal_rep_name="李小龙", uscc=USCC)
    assert public_party_name(bare) == "李**"
    assert public_party_code(bare) == USCC  # a trader's USCC is public registry data
    assert public_legal_representative(bare) == "李**"
    shop = PartyFacts(
        kind=PartyKind.SOLE_TRADER, name="深圳市罗湖区李小龙水果店", legal_rep_name="李小龙", uscc=USCC
    )
    assert public_party_name(shop) == "深圳市罗湖区李**水果店"
    assert trader_is_personal_name("欧阳娜娜")
    assert not trader_is_personal_name("阿强烧腊店")


def test_rule_6_3_facts_lose_ids_phones_accounts_addresses_and_names() -> None:
    ctx = mask_context(PERSON, other_names=["李四、王二麻子", "赵六"])
    facts = (
        f"经查，当事人张三丰（身份证号{PERSON_ID}，电话138 1234 5678）在广东省深圳市罗湖区东门街道测试路2号"
        "住所内销售过期食品，证人李四、王二麻子在场，赵六提供了银行卡6222 0212 3456 7890 123的转账记录，"
        "另一账户6217002710000684874，座机0755-83451234，现住福田区华强北路1002号3栋401室。"
    )
    out = redact_text(facts, ctx)
    for secret in (
        "张三丰", PERSON_ID, "13812345678", "138 1234 5678", "测试路2号", "李四", "王二麻子", "赵六",
        "6222 0212 3456 7890 123", "6217002710000684874", "83451234", "华强北路1002号",
    ):  # fmt: skip
        assert secret not in out, secret
    assert "张**" in out
    assert "李*" in out
    assert "王***" in out
    assert "广东省深圳市罗湖区****" in out  # the registered address, to district level
    assert "福田区" in out  # the district stays, the street and number go
    assert not find_leaks({"facts": out}, ctx)


def test_organisation_facts_keep_the_uscc_and_business_address_but_not_third_party_names() -> None:
    ctx = mask_context(COMPANY, other_names=["陈七"])
    facts = (
        f"当事人（统一社会信用代码{USCC}）在深圳市罗湖区东门街道测试路1号经营，"
        "顾客陈七投诉，法定代表人王五到场。"
    )
    out = redact_text(facts, ctx)
    assert USCC in out
    assert "测试路1号" in out
    assert "王五" in out
    assert "陈七" not in out
    assert "陈*" in out


def test_find_leaks_names_unmasked_ids_full_names_and_mobiles() -> None:
    ctx = mask_context(PERSON, other_names=["李四"])
    leaks = find_leaks(
        {
            "facts": f"身份证{PERSON_ID}",
            "party_name": "张三丰",
            "decision": "证人李四",
            "basis": "电话13900001111",
        },
        ctx,
        labels={"facts": "违法事实", "party_name": "相对人名称"},
    )
    text = " ".join(str(leak) for leak in leaks)
    assert "违法事实：含有未隐去的身份证号码" in text
    assert "相对人名称：含有自然人全名“张**”" in text
    assert "decision：含有自然人全名“李*”" in text
    assert "basis：含有手机号码" in text
    assert not find_leaks({"party_code": USCC, "facts": "4403**********0014"}, ctx)


@pytest.mark.parametrize(
    "text",
    ["罚款20000元", "深市监罚〔2026〕123号", "2026年10月1日", "《食品安全法》第三十四条第十项"],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact_text(text, mask_context(PERSON)) == text
