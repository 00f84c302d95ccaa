"""Fragments shared by several layouts."""

from __future__ import annotations

from .blocks import Para, SignLines

PARTY_LINES: tuple[Para, ...] = (
    Para("当事人：{{ party.name }}", indent=False),
    Para(
        "{% if party.uscc %}统一社会信用代码：{{ party.uscc }}"
        "{% else %}{{ party.id_type or '证件号码' }}：{{ party.id_number }}{% endif %}",
        indent=False,
    ),
    Para("法定代表人（负责人）：{{ party.legal_rep }}", indent=False, skip_blank=False),
    Para("住所（住址）：{{ party.address }}", indent=False),
    Para("联系电话：{{ party.phone }}", indent=False),
)

OFFICERS = "{{ officers|officer_list }}"

# 复议法 Art. 20 (60 days), 行诉法 Art. 46 (6 months); 复议法 Art. 23(1) ¶2: on-the-spot penalties
# must state 复议前置; 行诉法 Art. 45: 15 days after the 复议 decision; 处罚法 Art. 73: no suspension.
REMEDY = Para(
    "{% if remedy.review_first %}当事人对本决定不服的，应当自收到本决定书之日起{{ remedy.review_days }}日内"
    "先向{{ remedy.review_body }}申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起"
    "十五日内依法向{{ remedy.court }}提起行政诉讼。"
    "{% else %}当事人如不服本决定，可以自收到本决定书之日起{{ remedy.review_days }}日内向"
    "{{ remedy.review_body }}申请行政复议；也可以自收到本决定书之日起{{ remedy.litigation_months }}个月内"
    "依法向{{ remedy.court }}提起行政诉讼。{% endif %}"
    "申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外。"
)

# 处罚法 Art. 67 (15 days, bank), Art. 72 ¶1(1) (3 % per day, capped at the fine).
PAYMENT = Para(
    "当事人应当自收到本决定书之日起{{ payment.deadline_days }}日内，{{ payment.method }}将罚没款缴至"
    "{{ payment.bank }}（账号：{{ payment.account }}）。到期不缴纳罚款的，依据《中华人民共和国行政处罚法》"
    "第七十二条第一款第（一）项的规定，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额。"
)

CONTACT = Para("本机关地址：{{ org.address }}　联系电话：{{ org.phone }}", indent=False, small=True)

RECORD_SIGNS = SignLines(("当事人（被检查人）签名：", "执法人员签名：", "记录人签名："))
