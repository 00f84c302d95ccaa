# ruff: noqa: E501  (layout prose: long Chinese sentences read better unbroken)
"""Layouts of the documents issued to the party: 告知书, 通知书, 决定书, 催告书."""

from __future__ import annotations

from .blocks import Heading, Layout, Para, Signature, SignLines, Table
from .common import CONTACT, OFFICERS, PARTY_LINES, PAYMENT, REMEDY

EVIDENCE_SENTENCE = (
    "上述事实，有{{ case.evidence_summary }}"
    "{% for e in evidence %}{% if loop.first %}{{ '以及' if case.evidence_summary else '' }}下列证据：{% endif %}"
    "{{ loop.index }}.{{ e.title }}（{{ e.kind_label }}）{{ '；' if not loop.last else '' }}"
    "{% endfor %}等证据证实。"
)

PENALTY_SENTENCE = (
    "{% if case.penalty.kinds %}处罚种类：{{ case.penalty.kinds|join('、') }}。{% endif %}"
    "{% if case.penalty.amount %}罚款人民币{{ case.penalty.amount }}元（大写：{{ case.penalty.amount_words }}）。"
    "{% endif %}{% if case.penalty.confiscation %}{{ case.penalty.confiscation }}。{% endif %}"
    "{{ case.penalty.text }}"
)

# 处罚法 Art. 59; SAMR Art. 62 (陈述申辩采纳情况).
DECISION_0802 = Layout(
    "08.02",
    "行政处罚决定书",
    (
        *PARTY_LINES,
        Para(
            "当事人{{ party.name }}{{ case.cause }}一案，本机关于{{ case.opened_on }}依法立案调查，现已调查终结。"
        ),
        Para("经查明：{{ case.facts }}"),
        Para(EVIDENCE_SENTENCE),
        Para(
            "本机关认为，当事人的上述行为违反了{{ case.basis_violation }}的规定。本机关已依法告知当事人拟作出"
            "行政处罚的事实、理由、依据和处罚内容，以及依法享有的陈述、申辩"
            "{% if notice.hearing_right %}和要求听证{% endif %}的权利。{{ case.statement_adopted }}"
        ),
        Para(
            "依据{{ case.basis_penalty }}的规定，{% if case.discretion %}鉴于{{ case.discretion }}，{% endif %}"
            "本机关决定对当事人作出如下行政处罚："
        ),
        Para(PENALTY_SENTENCE),
        PAYMENT,
        REMEDY,
        Signature(date="{{ case.decision_date }}"),
        CONTACT,
    ),
)

NO_PENALTY_0803 = Layout(
    "08.03",
    "不予行政处罚决定书",
    (
        *PARTY_LINES,
        Para(
            "当事人{{ party.name }}{{ case.cause }}一案，本机关于{{ case.opened_on }}依法立案调查，现已调查终结。"
        ),
        Para("经查明：{{ case.facts }}"),
        Para(EVIDENCE_SENTENCE),
        Para("当事人的上述行为违反了{{ case.basis_violation }}的规定。{{ case.discretion }}"),
        Para("依据{{ case.basis_penalty }}的规定，本机关决定对当事人不予行政处罚。"),
        REMEDY,
        Signature(date="{{ case.decision_date }}"),
        CONTACT,
    ),
)

# 处罚法 Arts. 51–52: 当场决定书, pre-printed and numbered; 复议前置 (复议法 Art. 23).
ON_THE_SPOT_0805 = Layout(
    "08.05",
    "当场行政处罚决定书",
    (
        *PARTY_LINES,
        Para("违法事实：{{ case.facts }}"),
        Para("证据：{{ case.evidence_summary }}"),
        Para("违反规定：{{ case.basis_violation }}"),
        Para("处罚依据：{{ case.basis_penalty }}"),
        Para("处罚内容：" + PENALTY_SENTENCE),
        Para(
            "罚款履行方式和期限：{{ payment.method }}，自收到本决定书之日起{{ payment.deadline_days }}日内缴纳。"
        ),
        Para(
            "执法人员已向当事人出示执法证件，告知了拟作出处罚的事实、理由、依据，并听取了当事人的陈述、申辩。"
        ),
        REMEDY,
        Para("执法人员及执法证号：" + OFFICERS, indent=False),
        SignLines(("当事人签名：",)),
        Signature(date="{{ case.decision_date }}"),
    ),
)

# 处罚法 Arts. 44, 45: facts, reasons, basis, proposed penalty; 陈述申辩 rights.
ADVANCE_NOTICE_0601 = Layout(
    "06.01",
    "行政处罚（事先）告知书",
    (
        Para("{{ party.name }}：", indent=False),
        Para("经调查，{{ case.facts }}"),
        Para(EVIDENCE_SENTENCE),
        Para(
            "你（单位）的上述行为违反了{{ case.basis_violation }}的规定。依据{{ case.basis_penalty }}的规定，"
            "本机关拟对你（单位）作出如下行政处罚：" + PENALTY_SENTENCE
        ),
        Para(
            "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）享有陈述、申辩的权利。"
            "如需陈述、申辩，请于收到本告知书之日起{{ notice.statement_deadline_days }}个工作日内向本机关提出，"
            "逾期视为放弃陈述、申辩的权利。"
        ),
        Para(
            "{% if notice.hearing_right %}根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）"
            "有权要求举行听证。要求听证的，应当在收到本告知书之日起五个工作日内提出，逾期视为放弃听证权利。{% endif %}",
            skip_blank=True,
        ),
        Signature(),
        CONTACT,
    ),
)

HEARING_NOTICE_0602 = Layout(
    "06.02",
    "行政处罚听证告知书",
    (
        Para("{{ party.name }}：", indent=False),
        Para(
            "本机关对你（单位）{{ case.cause }}一案拟作出如下行政处罚："
            + PENALTY_SENTENCE
            + "拟作出行政处罚的事实、"
            "理由和依据详见本机关行政处罚告知书。"
        ),
        Para(
            "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求举行听证。"
            "要求听证的，应当在收到本告知书之日起五个工作日内（{{ hearing.request_deadline }}前）向本机关提出；"
            "逾期未提出的，视为放弃听证权利。"
        ),
        Signature(),
        CONTACT,
    ),
)

# 处罚法 Art. 64: notice 7 days before; public unless secret; recusal; counsel; absence = waiver.
HEARING_CALL_0701 = Layout(
    "07.01",
    "听证通知书",
    (
        Para("{{ party.name }}：", indent=False),
        Para(
            "根据你（单位）的申请，本机关决定于{{ hearing.date }}{{ hearing.time }}在{{ hearing.place }}"
            "就你（单位）{{ case.cause }}一案举行听证。"
        ),
        Para("本次听证由{{ hearing.host }}担任听证主持人，{{ hearing.clerk }}担任书记员。"),
        Para(
            "你（单位）可以亲自参加听证，也可以委托一至二人代理；委托代理人参加的，应当提交授权委托书。"
            "你（单位）认为主持人与本案有直接利害关系的，有权申请回避。"
        ),
        Para("无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利。"),
        Signature(),
        CONTACT,
    ),
)

# 强制法 Arts. 35–37: deadline, method, amount, and the right to 陈述申辩.
DEMAND_1004 = Layout(
    "10.04",
    "履行催告书",
    (
        Para("{{ party.name }}：", indent=False),
        Para(
            # payment.in_kind: a 行为义务 (责令拆除、改正) enforced by zhifa.coercion (强制法第三十五条)
            "{% if payment.in_kind %}本机关于{{ decision.date }}作出{{ decision.number }}决定，要求你（单位）："
            "{{ case.penalty.text }}{% else %}本机关于{{ decision.date }}对你（单位）作出{{ decision.number }}行政处罚决定，决定："
            + PENALTY_SENTENCE
            + "{% endif %}"
        ),
        Para("该决定书已依法送达，你（单位）至今未履行上述义务。"),
        Para(
            "根据《中华人民共和国行政强制法》第三十五条的规定，现催告你（单位）自收到本催告书之日起"
            "{{ payment.deadline_days }}日内履行上述义务，{% if payment.in_kind %}履行方式：{{ payment.method }}。"
            "{% else %}{{ payment.method }}将款项缴至{{ payment.bank }}（账号：{{ payment.account }}）。{% endif %}"
        ),
        Para(
            "根据《中华人民共和国行政强制法》第三十六条的规定，你（单位）有权进行陈述和申辩。逾期仍不履行的，"
            "本机关将依法申请人民法院强制执行。"
        ),
        Signature(),
        CONTACT,
    ),
)

# 处罚法 Art. 56: 先行登记保存, head's approval; decide within 7 WD.
PRESERVATION_0309 = Layout(
    "03.09",
    "先行登记保存通知书",
    (
        Para("{{ party.name }}：", indent=False),
        Para(
            "因你（单位）涉嫌{{ case.cause }}，证据可能灭失或者以后难以取得，经本机关负责人批准，依据"
            "《中华人民共和国行政处罚法》第五十六条的规定，对你（单位）的下列物品予以先行登记保存。"
            "保存期间，不得使用、销毁或者转移。本机关将在七个工作日内作出处理决定。"
        ),
        Heading("物品清单"),
        Table(
            ("序号", "名称", "规格", "数量", "备注"),
            "preserved_items",
            ("{{ no }}", "{{ item.name }}", "{{ item.spec }}", "{{ item.quantity }}", "{{ item.note }}"),
        ),
        Para("执法人员：" + OFFICERS, indent=False),
        SignLines(("当事人签名：",)),
        Signature(),
    ),
)

LAYOUTS_NOTICES = (
    DECISION_0802,
    NO_PENALTY_0803,
    ON_THE_SPOT_0805,
    ADVANCE_NOTICE_0601,
    HEARING_NOTICE_0602,
    HEARING_CALL_0701,
    DEMAND_1004,
    PRESERVATION_0309,
)
