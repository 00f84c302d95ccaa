# ruff: noqa: E501  (layout prose: long Chinese sentences read better unbroken)
"""Layouts of forms and records: 审批表, 笔录, 报告, 清单, 送达回证."""

from __future__ import annotations

from .blocks import Fields, Heading, Layout, Para, Repeat, Signature, SignLines, Table
from .common import OFFICERS, RECORD_SIGNS

PARTY_ROWS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("当事人", "{{ party.name }}"), ("类别", "{{ party.kind_label }}")),
    (
        ("统一社会信用代码/证件号码", "{{ party.uscc or party.id_number }}"),
        ("法定代表人（负责人）", "{{ party.legal_rep }}"),
    ),
    (("住所（住址）", "{{ party.address }}"), ("联系电话", "{{ party.phone }}")),
)

SIGN_CELL = "　\n签名：　　　　　　　年　　月　　日"

OPEN_0201 = Layout(
    "02.01",
    "立案审批表",
    (
        Fields(
            (
                (("案件来源", "{{ case.source }}"), ("案件编号", "{{ case.number }}")),
                (("案由", "{{ case.cause }}"),),
                *PARTY_ROWS,
                (("简要案情", "{{ case.facts }}"),),
                (("承办人", OFFICERS),),
                (("承办人意见", "建议立案调查。" + SIGN_CELL),),
                (("承办机构负责人意见", SIGN_CELL),),
                (("机关负责人意见", SIGN_CELL),),
            ),
            tall=frozenset({"简要案情"}),
        ),
    ),
    form=True,
)

# 处罚法 Art. 55: ≥2 officers show their certificates; the record is signed (RECORDS §3 kind 8).
INSPECTION_0301 = Layout(
    "03.01",
    "现场检查（勘验）笔录",
    (
        Fields(
            (
                (("检查时间", "{{ inspection.time }}"),),
                (("检查地点", "{{ inspection.place }}"),),
                *PARTY_ROWS,
                (("执法人员及执法证号", OFFICERS),),
                (("在场人员", "{{ inspection.present }}"),),
            )
        ),
        Para(
            "执法人员向当事人出示了执法证件，说明了检查的依据和目的，告知当事人有申请回避、陈述和申辩的权利，"
            "以及如实提供情况、配合检查的义务。"
        ),
        Heading("检查内容"),
        Para("{{ inspection.content }}"),
        Heading("现场情况"),
        Para("{{ inspection.findings }}"),
        Para("以上笔录已交当事人（在场人员）核对，确认无误。", small=True),
        RECORD_SIGNS,
    ),
    form=True,
)

INQUIRY_0303 = Layout(
    "03.03",
    "询问（调查）笔录",
    (
        Fields(
            (
                (("询问时间", "{{ inquiry.time }}"),),
                (("询问地点", "{{ inquiry.place }}"),),
                (("被询问人", "{{ inquiry.inquired }}"), ("当事人", "{{ party.name }}")),
                (("询问人及执法证号", OFFICERS),),
            )
        ),
        Para(
            "问：我们是{{ org.name }}的执法人员，这是我们的执法证件，请你过目。今天依法向你了解有关情况，"
            "请如实回答。你有申请回避、陈述和申辩的权利。你是否申请回避？"
        ),
        Repeat("inquiry.questions", ("问：{{ item.q }}", "答：{{ item.a }}")),
        Para("以上笔录我已看过（已向我宣读），与我所说的一致。", small=True),
        SignLines(("被询问人签名：", "询问人签名：", "记录人签名：")),
    ),
    form=True,
)

EVIDENCE_LIST_0312 = Layout(
    "03.12",
    "证据清单",
    (
        Fields(
            (
                (("案由", "{{ case.cause }}"), ("案件编号", "{{ case.number }}")),
                (("当事人", "{{ party.name }}"),),
            )
        ),
        Table(
            ("序号", "证据种类", "证据名称", "来源", "收集日期", "页数", "SM3摘要"),
            "evidence",
            (
                "{{ item.no or no }}",
                "{{ item.kind_label }}",
                "{{ item.title }}",
                "{{ item.source }}",
                "{{ item.collected_on }}",
                "{{ item.page_count }}",
                "{{ item.sm3 }}",
            ),
        ),
        Para("承办人：" + OFFICERS, indent=False),
    ),
    form=True,
)

# SAMR Art. 48: the report states facts, evidence, basis, discretion reasons and the proposal.
INVESTIGATION_REPORT_0501 = Layout(
    "05.01",
    "案件调查终结报告",
    (
        Fields(
            (
                (("案由", "{{ case.cause }}"), ("案件编号", "{{ case.number }}")),
                (("立案日期", "{{ case.opened_on }}"), ("承办人", OFFICERS)),
            )
        ),
        Heading("一、当事人基本情况"),
        Para(
            "当事人：{{ party.name }}；{{ party.kind_label }}；统一社会信用代码/证件号码："
            "{{ party.uscc or party.id_number }}；法定代表人（负责人）：{{ party.legal_rep }}；住所：{{ party.address }}。"
        ),
        Heading("二、案件来源及调查经过"),
        Para("{{ case.source }}。本案于{{ case.opened_on }}立案。"),
        Heading("三、违法事实及证据"),
        Para("{{ case.facts }}"),
        Para("证据：{{ case.evidence_summary }}"),
        Heading("四、违法依据"),
        Para("{{ case.basis_violation }}"),
        Heading("五、处罚依据及裁量理由"),
        Para("{{ case.basis_penalty }}。{{ case.discretion }}"),
        Heading("六、处理意见"),
        Para("建议对当事人作出如下处理：{{ case.penalty.text }}"),
        SignLines(("承办人签名：",)),
    ),
    form=True,
)

# 处罚法 Art. 58.
LEGAL_REVIEW_0503 = Layout(
    "05.03",
    "法制审核意见书",
    (
        Fields(
            (
                (("案由", "{{ case.cause }}"), ("案件编号", "{{ case.number }}")),
                (("当事人", "{{ party.name }}"), ("承办人", OFFICERS)),
                (("拟处理意见", "{{ case.penalty.text }}"),),
            )
        ),
        Heading("审核意见"),
        Para("{{ review.opinion }}"),
        Heading("审核结论"),
        Para("{{ review.conclusion }}"),
        Para("审核人：{{ review.reviewer }}　　审核日期：{{ review.reviewed_on }}", indent=False),
        Signature(date="{{ review.reviewed_on }}"),
    ),
    form=True,
)

HEARING_RECORD_0702 = Layout(
    "07.02",
    "听证笔录",
    (
        Fields(
            (
                (("案由", "{{ case.cause }}"),),
                (("听证时间", "{{ hearing.date }}{{ hearing.time }}"), ("听证地点", "{{ hearing.place }}")),
                (("听证主持人", "{{ hearing.host }}"), ("书记员", "{{ hearing.clerk }}")),
                (("当事人", "{{ party.name }}"), ("法定代表人（负责人）", "{{ party.legal_rep }}")),
                (("案件调查人员", OFFICERS),),
            )
        ),
        Para("主持人宣布听证纪律，核对听证参加人身份，告知当事人享有的权利和义务，询问当事人是否申请回避。"),
        Para("案件调查人员提出当事人违法的事实、证据和行政处罚建议：{{ case.facts }}"),
        Heading("质证与辩论"),
        Repeat("inquiry.questions", ("问：{{ item.q }}", "答：{{ item.a }}")),
        Para("当事人陈述、申辩意见：{{ case.statement_adopted }}"),
        Para("以上笔录经听证参加人核对无误。", small=True),
        SignLines(("当事人（代理人）签名：", "案件调查人员签名：", "听证主持人签名：", "书记员签名：")),
    ),
    form=True,
)

# SAMR Art. 82; 民诉法 Arts. 87–95: method, date, signer, witness for 留置.
SERVICE_RECEIPT_0902 = Layout(
    "09.02",
    "送达回证",
    (
        Fields(
            (
                (("送达文书名称", "{{ service.document_name }}"),),
                (("送达文书文号", "{{ service.document_number }}"),),
                (("受送达人", "{{ service.recipient }}"),),
                (("送达地点", "{{ service.place }}"),),
                (("送达方式", "{{ service.method_label }}"), ("送达时间", "{{ service.served_at }}")),
                (("受送达人签名", "{{ service.signer }}"),),
                (("见证人", "{{ service.witness }}"),),
                (("送达人", OFFICERS),),
                (("备注", "{{ service.note }}"),),
            ),
            tall=frozenset({"受送达人签名", "备注"}),
        ),
        Signature(),
    ),
    form=True,
)

CLOSE_1201 = Layout(
    "12.01",
    "结案审批表",
    (
        Fields(
            (
                (("案由", "{{ case.cause }}"), ("案件编号", "{{ case.number }}")),
                *PARTY_ROWS,
                (("立案日期", "{{ case.opened_on }}"), ("决定书文号", "{{ decision.number }}")),
                (("处理结果", "{{ case.penalty.text }}"),),
                (("执行情况", "{{ closing.executed }}"),),
                (("案件概况及结案理由", "{{ closing.summary }}"),),
                (("承办人", OFFICERS), ("结案日期", "{{ closing.closed_on }}")),
                (("承办机构负责人意见", SIGN_CELL),),
                (("机关负责人意见", SIGN_CELL),),
            ),
            tall=frozenset({"案件概况及结案理由"}),
        ),
    ),
    form=True,
)

LAYOUTS_RECORDS = (
    OPEN_0201,
    INSPECTION_0301,
    INQUIRY_0303,
    EVIDENCE_LIST_0312,
    INVESTIGATION_REPORT_0501,
    LEGAL_REVIEW_0503,
    HEARING_RECORD_0702,
    SERVICE_RECEIPT_0902,
    CLOSE_1201,
)
