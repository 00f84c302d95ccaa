# ruff: noqa: E501  (layout prose: long Chinese sentences read better unbroken)
"""Layouts of the transfer documents (RECORDS §2.12): 涉嫌犯罪案件移送书 with its 清单 (310令 Arts. 6–7),
案件移送函 to the competent agency, and the 移送告知书 to the party (强制法第二十一条 when seized
property goes with the case). The context's `transfer` block is bound by zhifa.transfers."""

from __future__ import annotations

from .blocks import Heading, Layout, Para, Repeat, Signature, Table
from .common import CONTACT

_EVIDENCE_TABLE = Table(
    ("序号", "证据名称", "种类", "页数"),
    "evidence",
    ("{{ no }}", "{{ item.title }}", "{{ item.kind_label }}", "{{ item.page_count }}"),
)
_PROPERTY_TABLE = Table(
    ("序号", "物品名称", "规格", "数量", "存放地点"),
    "transfer.property",
    ("{{ no }}", "{{ item.name }}", "{{ item.spec }}", "{{ item.quantity }}", "{{ item.place }}"),
    min_rows=1,
)

# 310令第六条: 移送书, 调查报告, 涉案物品清单, 检验报告或鉴定结论 and other materials; 第七条 (2020):
# 抄送同级人民检察院.
CRIMINAL_REFERRAL_1102 = Layout(
    "11.02",
    "涉嫌犯罪案件移送书",
    (
        Para("{{ transfer.to_body }}：", indent=False),
        Para(
            "本机关在查处{{ party.name }}{{ case.cause }}一案（案件编号：{{ case.number }}）中，发现当事人涉嫌犯罪。"
            "{{ transfer.reason }}"
        ),
        Para(
            "根据《行政执法机关移送涉嫌犯罪案件的规定》第三条、第六条的规定，经本机关负责人批准，现将该案移送你单位，"
            "请依法审查并在收到本移送书之日起三日内作出立案或者不予立案的决定，书面告知本机关。"
        ),
        Para(
            "随案移送：案件调查报告、证据材料清单、涉案物品清单{% if transfer.material_titles %}、{{ transfer.material_titles }}{% endif %}。"
        ),
        Para("抄送：{{ transfer.procuratorate }}", indent=False, skip_blank=True),
        Signature(),
        CONTACT,
    ),
)

CRIMINAL_LIST_1103 = Layout(
    "11.03",
    "证据材料/涉案物品移送清单",
    (
        Para("移送机关：{{ org.name }}　　接收机关：{{ transfer.to_body }}", indent=False),
        Para("案件：{{ case.number }}　{{ party.name }}{{ case.cause }}", indent=False),
        Heading("证据材料"),
        _EVIDENCE_TABLE,
        Heading("涉案物品"),
        _PROPERTY_TABLE,
        Para("{{ transfer.property_note }}", skip_blank=True),
        Para("移交人：　　　　　　　接收人：　　　　　　　接收时间：　　年　　月　　日", indent=False),
    ),
    form=True,
)

# SAMR程序规定第二十二条: a case outside the agency's competence goes to the competent agency.
ADMINISTRATIVE_REFERRAL_1106 = Layout(
    "11.06",
    "案件移送函",
    (
        Para("{{ transfer.to_body }}：", indent=False),
        Para(
            "本机关在办理{{ party.name }}{{ case.cause }}一案（案件编号：{{ case.number }}）中，认为该案不属于本机关管辖。"
            "{{ transfer.reason }}"
        ),
        Para(
            "依据《市场监督管理行政处罚程序规定》第二十二条等规定，现将该案移送你单位处理，随附案件材料共{{ transfer.material_count }}件"
            "{% if transfer.material_titles %}（{{ transfer.material_titles }}）{% endif %}。请在收到后依法处理，并将处理结果函告本机关；"
            "认为不属于你单位管辖的，请说明理由后退回。"
        ),
        Signature(),
        CONTACT,
    ),
)

# 强制法第二十一条: 查封、扣押、冻结的财物一并移送，并书面告知当事人.
PARTY_NOTICE_1107 = Layout(
    "11.07",
    "案件移送告知书",
    (
        Para("{{ party.name }}：", indent=False),
        Para(
            "本机关在查处你（单位）{{ case.cause }}一案（案件编号：{{ case.number }}）中，{{ transfer.notice_reason }}，"
            "已于{{ transfer.sent_on }}将该案移送{{ transfer.to_body }}依法处理。"
        ),
        Para(
            "{% if transfer.property %}依据《中华人民共和国行政强制法》第二十一条的规定，本机关对你（单位）查封、扣押、冻结的下列财物一并移送：{% endif %}",
            skip_blank=True,
        ),
        Repeat(
            "transfer.property",
            (
                "{{ no }}．{{ item.name }}{% if item.spec %}（{{ item.spec }}）{% endif %}　{{ item.quantity }}",
            ),
        ),
        Para("特此告知。"),
        Signature(),
        CONTACT,
    ),
)

LAYOUTS_TRANSFER: tuple[Layout, ...] = (
    CRIMINAL_REFERRAL_1102,
    CRIMINAL_LIST_1103,
    ADMINISTRATIVE_REFERRAL_1106,
    PARTY_NOTICE_1107,
)
