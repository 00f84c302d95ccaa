# ruff: noqa: E501  (layout prose: long Chinese sentences read better unbroken)
"""Layouts of the 行政强制 documents (RECORDS §2.4 stage 04, §2.10 codes 10.06–10.10). The context
keys are the coercion app's: `measure` (a 查封/扣押/冻结) and `enforcement` (an execution), besides
the shared org/party/officers/remedy blocks. Party-facing documents carry no reporter and only a
masked identity number of a natural person (the caller masks)."""

from __future__ import annotations

from .blocks import Fields, Heading, Layout, Para, Signature, SignLines, Table
from .common import CONTACT, OFFICERS, PARTY_LINES

ITEM_TABLE = Table(
    ("序号", "名称", "规格", "数量", "存放地点"),
    "measure['items']",
    ("{{ no }}", "{{ item.name }}", "{{ item.spec }}", "{{ item.quantity }}", "{{ item.place }}"),
)

REMEDY_COERCION = Para(
    "如不服本决定，可以自收到本决定书之日起{{ remedy.review_days }}日内向{{ remedy.review_body }}申请行政复议，"
    "或者在{{ remedy.litigation_months }}个月内依法向{{ remedy.court }}提起行政诉讼。"
)

# 强制法第二十四条第二款: 决定书载明当事人、理由和依据、场所设施财物的名称数量、期限、复议诉讼途径.
DECISION_0402 = Layout(
    "04.02",
    "实施行政强制措施决定书",
    (
        *PARTY_LINES,
        Para(
            "{{ measure.reason }}。依据《中华人民共和国行政强制法》第九条、第二十四条{% if measure.urgent %}、第十九条{% endif %}的规定，"
            "本机关决定对你（单位）的下列场所、设施或者财物实施{{ measure.kind_label }}：",
        ),
        ITEM_TABLE,
        Para(
            "{{ measure.kind_label }}地点：{{ measure.place }}。{{ measure.kind_label }}期限自{{ measure.started_on }}起"
            "{{ measure.term_days }}日（至{{ measure.ends_on }}）。情况复杂的，经本机关负责人批准，可以延长，"
            "但延长期限不得超过三十日（行政强制法第二十五条）。检测、检验、检疫或者技术鉴定的期间不计入期限，"
            "本机关将书面告知。"
        ),
        Para(
            "在{{ measure.kind_label }}期间，不得使用、损毁、转移、隐匿被{{ measure.kind_label }}的场所、设施或者财物。"
        ),
        REMEDY_COERCION,
        Para("执法人员：" + OFFICERS, indent=False),
        Signature(),
        CONTACT,
    ),
)

# 强制法第十八条第七至十项: 现场笔录 signed by the party and the officers; a witness when the party is absent.
RECORD_0403 = Layout(
    "04.03",
    "行政强制措施现场笔录",
    (
        Fields(
            (
                (("实施时间", "{{ measure.started_at }}"), ("措施种类", "{{ measure.kind_label }}")),
                (("实施地点", "{{ measure.place }}"),),
                (("当事人", "{{ party.name }}"), ("当事人是否到场", "{{ measure.party_present }}")),
                (("见证人", "{{ measure.witness }}"),),
                (("执法人员及执法证号", OFFICERS),),
                (("封条", "{{ measure.seals }}"),),
            )
        ),
        Para(
            "执法人员出示了执法身份证件，通知当事人到场，当场告知当事人采取行政强制措施的理由、依据以及当事人依法"
            "享有的权利、救济途径，并听取了当事人的陈述和申辩（行政强制法第十八条）。"
        ),
        Heading("实施理由和依据"),
        Para("{{ measure.reason }}"),
        Heading("场所、设施、财物清单"),
        ITEM_TABLE,
        Heading("现场情况"),
        Para("{{ measure.scene_note }}"),
        Para("以上笔录已交当事人（见证人）核对，确认无误。", small=True),
        SignLines(("当事人签名：", "见证人签名：", "执法人员签名：")),
    ),
    form=True,
)

# 强制法第二十四条第二款第三项: 查封、扣押清单一式二份，由当事人和行政机关分别保存.
LIST_0404 = Layout(
    "04.04",
    "场所/设施/财物清单",
    (
        Para("当事人：{{ party.name }}", indent=False),
        Para("{{ measure.kind_label }}决定书文号：{{ measure.decision_number }}", indent=False),
        ITEM_TABLE,
        Para("本清单一式二份，由当事人和本机关分别保存（行政强制法第二十四条第二款）。", small=True),
        SignLines(("当事人签名：", "执法人员签名：")),
        Signature(),
    ),
    form=True,
)

# 强制法第二十五条第二款: 延长查封、扣押的决定应当及时书面告知当事人，并说明理由.
EXTENSION_0407 = Layout(
    "04.07",
    "延长行政强制措施期限通知书",
    (
        Para("{{ party.name }}：", indent=False),
        Para(
            "本机关于{{ measure.started_on }}对你（单位）的场所、设施或者财物实施了{{ measure.kind_label }}"
            "（{{ measure.decision_number }}），期限至{{ measure.original_ends_on }}。因{{ measure.extension_reason }}，"
            "情况复杂，经本机关负责人批准，依据{{ measure.extension_basis }}的规定，决定将{{ measure.kind_label }}期限"
            "延长{{ measure.extension_days }}日，至{{ measure.ends_on }}。"
        ),
        REMEDY_COERCION,
        Signature(),
        CONTACT,
    ),
)

# 强制法第二十八条 (冻结: 第三十三条): 解除决定, with the ground.
RELEASE_0409 = Layout(
    "04.09",
    "解除行政强制措施决定书",
    (
        Para("{{ party.name }}：", indent=False),
        Para(
            "本机关于{{ measure.started_on }}对你（单位）的下列场所、设施或者财物实施了{{ measure.kind_label }}"
            "（{{ measure.decision_number }}）。因{{ measure.release_ground }}{% if measure.release_note %}（{{ measure.release_note }}）{% endif %}，"
            "依据《中华人民共和国行政强制法》第二十八条{% if measure.kind == 'freeze' %}、第三十三条{% endif %}的规定，"
            "本机关决定自{{ measure.released_on }}起解除{{ measure.kind_label }}。"
        ),
        ITEM_TABLE,
        Signature(),
        CONTACT,
    ),
)

# 强制法第三十七条第二款: 强制执行决定书载明当事人、理由和依据、方式和时间、复议诉讼途径和期限.
DECISION_1006 = Layout(
    "10.06",
    "行政强制执行决定书",
    (
        *PARTY_LINES,
        Para(
            "本机关于{{ decision.date }}作出{{ decision.number }}决定，要求你（单位）{{ enforcement.obligation }}。"
            "本机关已于{{ enforcement.demand_served_on }}向你（单位）送达履行催告书，催告期限届满，你（单位）"
            "无正当理由仍未履行。{{ enforcement.statement_text }}"
        ),
        Para(
            "依据《中华人民共和国行政强制法》第三十七条{% if enforcement.money %}、第四十五条、第四十六条{% endif %}的规定，"
            "本机关决定自{{ enforcement.from_date }}起以{{ enforcement.measure_text }}的方式强制执行。"
            "{% if enforcement.surcharge %}截至{{ today }}加处罚款{{ enforcement.surcharge }}元（不超过金钱给付义务的数额）。{% endif %}"
        ),
        REMEDY_COERCION,
        Signature(),
        CONTACT,
    ),
)

# 强制法第五十一条第一款第一项: 代履行决定书载明理由和依据、方式和时间、标的、费用预算以及代履行人.
SUBSTITUTE_1007 = Layout(
    "10.07",
    "代履行决定书",
    (
        *PARTY_LINES,
        Para(
            "本机关于{{ decision.date }}作出{{ decision.number }}决定，要求你（单位）{{ enforcement.obligation }}。"
            "{% if enforcement.immediate %}因需要立即清除道路、河道、航道或者公共场所的遗洒物、障碍物或者污染物，"
            "你（单位）不能清除，依据《中华人民共和国行政强制法》第五十二条的规定，本机关已于{{ enforcement.performed_at }}"
            "立即实施代履行，现予通知。{% else %}经催告，你（单位）逾期仍不履行，其后果已经或者将危害交通安全、造成环境污染"
            "或者破坏自然资源。依据《中华人民共和国行政强制法》第五十条、第五十一条的规定，本机关决定代履行。{% endif %}"
        ),
        Para(
            "代履行方式：{{ enforcement.measure_text }}；标的：{{ enforcement.obligation }}；代履行人："
            "{{ enforcement.performer }}；费用预算：{{ enforcement.cost }}元，由你（单位）承担。"
            "{% if not enforcement.immediate %}代履行三日前，本机关将再次催告你（单位）履行；你（单位）履行的，停止代履行。{% endif %}"
        ),
        REMEDY_COERCION,
        Signature(),
        CONTACT,
    ),
)

# 强制法第四十二条: 执行协议 — 分阶段履行; 当事人采取补救措施的，可以减免加处的罚款或者滞纳金.
AGREEMENT_1008 = Layout(
    "10.08",
    "行政强制执行协议书",
    (
        Para("甲方（行政机关）：{{ org.name }}", indent=False),
        Para("乙方（当事人）：{{ party.name }}", indent=False),
        Para(
            "乙方应履行{{ decision.number }}决定确定的义务：{{ enforcement.obligation }}。经协商，依据《中华人民共和国"
            "行政强制法》第四十二条的规定，双方达成如下执行协议："
        ),
        Table(
            ("期次", "履行期限", "履行内容"),
            "enforcement['plan']",
            ("{{ no }}", "{{ item.due_on }}", "{{ item.content }}"),
        ),
        Para(
            "{% if enforcement.waived %}乙方已采取补救措施，甲方减免加处罚款{{ enforcement.waived }}元。{% endif %}"
            "乙方不履行执行协议的，甲方恢复强制执行。"
        ),
        SignLines(("甲方（盖章）：", "乙方（签名或盖章）：")),
        Signature(),
    ),
)

# 强制法第三十九条（中止）、第四十条（终结）; 第三十九条第二款: 情形消失后恢复执行.
STAGE_1009 = Layout(
    "10.09",
    "中止（终结、恢复）执行决定书",
    (
        Para("{{ party.name }}：", indent=False),
        Para("{{ enforcement.stage_title }}", bold=True, align="center", indent=False),
        Para(
            "关于{{ decision.number }}决定（{{ enforcement.obligation }}）的执行，因{{ enforcement.stage_reason }}，"
            "依据《中华人民共和国行政强制法》{{ enforcement.stage_basis }}的规定，本机关决定自{{ enforcement.stage_on }}起"
            "{{ enforcement.stage_verb }}。"
        ),
        Signature(),
        CONTACT,
    ),
)

# 强制法第五十五条: 申请书 with the decision, the party's opinions and the 催告, the 标的.
APPLICATION_1010 = Layout(
    "10.10",
    "强制执行申请书",
    (
        Para("{{ enforcement.court }}：", indent=False),
        Para("申请人：{{ org.name }}", indent=False),
        Para(
            "被申请人：{{ party.name }}{% if party.uscc %}（统一社会信用代码：{{ party.uscc }}）{% endif %}",
            indent=False,
        ),
        Para("住所（住址）：{{ party.address }}", indent=False),
        Para(
            "申请人于{{ decision.date }}作出{{ decision.number }}决定，要求被申请人{{ enforcement.obligation }}。"
            "该决定已于{{ enforcement.received_on }}送达。被申请人在法定期限内未申请行政复议或者提起行政诉讼，"
            "又不履行。申请人已于{{ enforcement.demand_served_on }}送达履行催告书，催告书送达十日后被申请人仍未履行。"
            "{{ enforcement.statement_text }}"
        ),
        Para(
            "依据《中华人民共和国行政强制法》第五十三条、第五十四条、第五十五条的规定，申请贵院强制执行。申请执行标的："
            "{{ enforcement.obligation }}{% if enforcement.surcharge %}，加处罚款{{ enforcement.surcharge }}元{% endif %}。"
        ),
        Para(
            "附：行政决定书及作出决定的事实、理由和依据，当事人的意见及催告情况，申请强制执行标的情况。",
            small=True,
        ),
        Signature(),
        CONTACT,
    ),
)

LAYOUTS_COERCION: tuple[Layout, ...] = (
    DECISION_0402,
    RECORD_0403,
    LIST_0404,
    EXTENSION_0407,
    RELEASE_0409,
    DECISION_1006,
    SUBSTITUTE_1007,
    AGREEMENT_1008,
    STAGE_1009,
    APPLICATION_1010,
)
