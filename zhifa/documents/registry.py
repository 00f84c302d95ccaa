"""文书 registry: every document of the generic catalogue (domain/RECORDS.md §2, codes 01.01 … 12.04)
plus 03.12 证据清单, and the dossier order of SAMR程序规定 Art. 78 (RECORDS §2.13, RULES §1.6).

A sector renames, merges or adds documents as data; this is the national seed. `number_kind` is the
文号 字 (RECORDS §4.1: per-unit prefixes such as 罚字, 不罚字, 告字, 听告字; gap-free per organisation,
kind and year); None means the document carries no number.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.core.errors import NotFound

from .layouts.catalogue import LAYOUTS

PROCEDURES = frozenset({"S", "G", "C", "T", "I"})  # 简易, 一般, 行政强制, 移送/涉刑, 行政检查
APPROVALS = ("yes", "form", "none")
SERVED = ("yes", "signed", "other", "public", "none")
VOLUMES = ("main", "sub", "both", "none")

STAGES: dict[str, str] = {
    "clue": "案源",
    "open": "立案",
    "investigation": "调查取证",
    "coercive_measure": "行政强制措施",
    "investigation_end": "调查终结与审核",
    "notification": "告知",
    "hearing": "听证",
    "decision": "决定",
    "service": "送达",
    "execution": "执行",
    "transfer": "移送",
    "close": "结案归档",
}
_STAGE_BY_PREFIX = dict(zip([f"{i:02d}" for i in range(1, 13)], STAGES, strict=True))

# required: always = in every case of the document's procedures; if_used = whenever the step took
# place; the rest name the condition of RECORDS §2 ("Req when …").
REQUIRED = (
    "always",
    "if_used",
    "if_hearing",
    "unless_legal_review",  # 05.02: Req (G) unless 05.03
    "when_art58",  # 05.03: 处罚法 Art. 58
    "when_art57",  # 05.04: 处罚法 Art. 57 ¶2
    "before_penalty",  # 06.01
    "when_penalty",  # 08.02
    "when_fined",  # 10.01
    "per_served",  # 09.02: one per served document, filed after it
)


@dataclass(frozen=True)
class DocumentTypeSpec:
    code: str
    name: str
    stage: str
    procedures: frozenset[str]
    approval: str
    served: str
    volume: str
    required: str
    number_kind: str | None
    template: str | None

    @property
    def stage_label(self) -> str:
        return STAGES[self.stage]

    @property
    def numbered(self) -> bool:
        return self.number_kind is not None


ALL = "SGCTI"

# code, name, procedures, approval, served, volume, required, number_kind
_ROWS: tuple[tuple[str, str, str, str, str, str, str, str | None], ...] = (
    # 01 案源
    ("01.01", "案件来源登记表", "G", "form", "none", "sub", "always", None),
    ("01.02", "指定管辖通知书", "G", "yes", "other", "sub", "if_used", "指管"),
    ("01.03", "案件交办/移送函（收文）", "G", "none", "none", "sub", "if_used", None),
    # 02 立案
    ("02.01", "立案审批表", "G", "form", "none", "main", "always", "立"),
    ("02.02", "不予立案审批表", "G", "form", "none", "none", "if_used", None),  # 线索卷
    # 03 调查取证
    ("03.01", "现场检查（勘验）笔录", "GIC", "none", "signed", "main", "if_used", None),
    ("03.02", "询问通知书", "G", "none", "yes", "main", "if_used", "询通"),
    ("03.03", "询问（调查）笔录", "GI", "none", "signed", "main", "if_used", None),
    ("03.04", "视听资料/电子数据证据记录单", "GI", "none", "none", "main", "if_used", None),
    ("03.05", "抽样取证凭证/抽样记录", "GI", "none", "signed", "main", "if_used", None),
    ("03.06", "检验（检测、检疫、鉴定）告知书", "G", "none", "yes", "main", "if_used", "检告"),
    ("03.07", "协助调查函", "G", "yes", "other", "sub", "if_used", "协查"),
    ("03.08", "证据先行登记保存审批表", "G", "form", "none", "sub", "if_used", None),
    # 处罚法 Art. 56: 先行登记保存 needs the head's approval; decide within 7 WD.
    ("03.09", "先行登记保存通知书", "G", "yes", "yes", "main", "if_used", "先保"),
    ("03.10", "先行登记保存物品处理决定书", "G", "yes", "yes", "main", "if_used", "先处"),
    ("03.11", "责令改正通知书", "GSI", "none", "yes", "main", "if_used", "责改"),
    ("03.12", "证据清单", "GIC", "none", "none", "main", "if_used", None),  # not in §2: evidence list
    # 04 行政强制措施 (强制法 Arts. 18–28)
    ("04.01", "行政强制措施审批表", "C", "form", "none", "sub", "always", None),
    ("04.02", "实施行政强制措施决定书", "C", "yes", "yes", "main", "always", "强措"),
    ("04.03", "行政强制措施现场笔录", "C", "none", "signed", "main", "always", None),
    ("04.04", "场所/设施/财物清单", "C", "none", "yes", "main", "always", None),
    ("04.05", "封条", "C", "none", "none", "main", "if_used", None),
    ("04.06", "延长行政强制措施审批表", "C", "form", "none", "sub", "if_used", None),
    ("04.07", "延长行政强制措施期限通知书", "C", "yes", "yes", "main", "if_used", "延"),
    ("04.08", "解除行政强制措施审批表", "C", "form", "none", "sub", "if_used", None),
    ("04.09", "解除行政强制措施决定书", "C", "yes", "yes", "main", "if_used", "解"),
    # 05 调查终结 and review
    ("05.01", "案件调查终结报告", "G", "none", "none", "sub", "always", None),  # SAMR Art. 48
    ("05.02", "案件审核表", "G", "none", "none", "sub", "unless_legal_review", None),
    ("05.03", "法制审核意见书", "G", "none", "none", "sub", "when_art58", None),
    ("05.04", "案件集体讨论记录", "G", "none", "none", "sub", "when_art57", None),
    # 06 告知 (处罚法 Arts. 44, 45, 63)
    ("06.01", "行政处罚（事先）告知书", "G", "yes", "yes", "main", "before_penalty", "告"),
    ("06.02", "行政处罚听证告知书", "G", "yes", "yes", "main", "if_used", "听告"),
    ("06.03", "陈述申辩笔录", "G", "none", "signed", "main", "if_used", None),
    ("06.04", "陈述申辩复核意见", "G", "none", "none", "sub", "if_used", None),
    # 07 听证 (处罚法 Art. 64)
    ("07.01", "听证通知书", "G", "none", "yes", "main", "if_hearing", "听通"),
    ("07.02", "听证笔录", "G", "none", "signed", "main", "if_hearing", None),
    ("07.03", "听证报告书", "G", "none", "none", "sub", "if_hearing", None),
    # 08 决定 (处罚法 Arts. 57, 59, 61)
    ("08.01", "行政处罚决定审批表", "G", "form", "none", "sub", "always", None),
    ("08.02", "行政处罚决定书", "G", "yes", "yes", "main", "when_penalty", "罚"),
    ("08.03", "不予行政处罚决定书", "G", "yes", "yes", "main", "if_used", "不罚"),
    ("08.04", "撤案/终止审批表", "G", "form", "none", "sub", "if_used", None),
    ("08.05", "当场行政处罚决定书", "S", "none", "yes", "main", "always", "当罚"),
    # 09 送达 (SAMR Art. 82; 民诉法 Art. 95)
    ("09.01", "送达地址确认书", ALL, "none", "signed", "main", "if_used", None),
    ("09.02", "送达回证", ALL, "none", "signed", "main", "per_served", None),
    ("09.03", "公告", "GC", "yes", "public", "main", "if_used", "公告"),
    # 10 执行 (处罚法 Arts. 66–72; 强制法 Arts. 35–60)
    ("10.01", "罚没款缴纳凭证", "GS", "none", "none", "main", "when_fined", None),
    ("10.02", "延期（分期）缴纳罚款审批表", "G", "form", "none", "sub", "if_used", None),
    ("10.03", "延期（分期）缴纳罚款决定书", "G", "yes", "yes", "main", "if_used", "延缴"),
    ("10.04", "履行催告书", "GC", "yes", "yes", "main", "if_used", "催"),  # 强制法 Art. 35
    ("10.05", "加处罚款决定书", "G", "yes", "yes", "main", "if_used", "加罚"),
    ("10.06", "行政强制执行决定书", "C", "yes", "yes", "main", "if_used", "强执"),
    ("10.07", "代履行决定书", "C", "yes", "yes", "main", "if_used", "代履"),
    ("10.08", "行政强制执行协议书", "C", "yes", "signed", "main", "if_used", "执协"),
    ("10.09", "中止/终结/恢复执行决定书", "C", "yes", "yes", "main", "if_used", "执止"),
    ("10.10", "强制执行申请书", "GC", "yes", "other", "main", "if_used", "强申"),
    ("10.11", "没收物品凭证/没收物品处理清单", "G", "yes", "yes", "main", "if_used", "没"),
    # 11 移送 (310令; 强制法 Art. 21)
    ("11.01", "涉嫌犯罪案件移送审批表", "T", "form", "none", "sub", "always", None),
    ("11.02", "涉嫌犯罪案件移送书", "T", "yes", "other", "main", "always", "刑移"),
    ("11.03", "证据材料/涉案物品移送清单", "T", "none", "other", "main", "always", None),
    ("11.04", "公安机关回执/立案（不予立案）通知书", "T", "none", "none", "main", "always", None),
    ("11.05", "提请复议/立案监督建议书", "T", "yes", "other", "sub", "if_used", "移复"),
    ("11.06", "案件移送函", "T", "yes", "other", "main", "if_used", "移"),
    ("11.07", "案件移送告知书", "T", "none", "yes", "main", "if_used", "移告"),
    # 12 结案归档
    ("12.01", "结案审批表", "GCT", "form", "none", "sub", "always", None),
    ("12.02", "卷宗封面", ALL, "none", "none", "both", "always", None),
    ("12.03", "卷内目录", ALL, "none", "none", "both", "always", None),
    ("12.04", "备考表", ALL, "none", "none", "both", "always", None),
)

# Types with a template: those zhifa.documents.layouts has a layout for (template name = the code).
TEMPLATED = frozenset(LAYOUTS)


def _build() -> dict[str, DocumentTypeSpec]:
    catalogue: dict[str, DocumentTypeSpec] = {}
    for code, name, procs, approval, served, volume, required, kind in _ROWS:
        valid = approval in APPROVALS and served in SERVED and volume in VOLUMES and required in REQUIRED
        if not valid:
            raise ValueError(f"bad catalogue row {code}")
        catalogue[code] = DocumentTypeSpec(
            code=code,
            name=name,
            stage=_STAGE_BY_PREFIX[code[:2]],
            procedures=frozenset(procs),
            approval=approval,
            served=served,
            volume=volume,
            required=required,
            number_kind=kind,
            template=code if code in TEMPLATED else None,
        )
    return catalogue


CATALOGUE: dict[str, DocumentTypeSpec] = _build()


def document_type(code: str) -> DocumentTypeSpec:
    try:
        return CATALOGUE[code]
    except KeyError:
        raise NotFound(f"文书类型 {code} 不存在") from None


def document_types(procedure: str | None = None, stage: str | None = None) -> list[DocumentTypeSpec]:
    return [
        spec
        for spec in CATALOGUE.values()
        if (procedure is None or procedure in spec.procedures) and (stage is None or spec.stage == stage)
    ]


# --- dossier order (SAMR程序规定 Art. 78; RECORDS §2.13) --------------------------------------------

DECISIONS = ("08.02", "08.03", "08.05")
EVIDENCE = ("03.01", "03.03", "03.04", "03.05", "03.12", "04.03", "06.03")
PROPERTY = ("03.10", "04.04", "10.01", "10.11")  # 财物处理单据
CLUE_MATERIAL = ("01.01", "01.02", "01.03")
REVIEW = ("05.02", "05.03", "05.04", "06.04")  # 审核意见

# 正卷: 立案审批表 → 决定书 + 送达回证 → other issued documents + 送达回证 → evidence → 听证笔录 →
# 财物处理单据 → other.  副卷: 案源材料 → 调查终结报告 → 审核意见 → 听证报告 → 结案审批表 → other.
_MAIN_GROUPS: tuple[tuple[str, ...], ...] = (("02.01",), DECISIONS, (), EVIDENCE, ("07.02",), PROPERTY)
_SUB_GROUPS: tuple[tuple[str, ...], ...] = (CLUE_MATERIAL, ("05.01",), REVIEW, ("07.03",), ("12.01",))
_MAIN_ISSUED_GROUP = 2  # "other documents issued to the party"
_BOTH = {"12.02": 0, "12.03": 1, "12.04": 99_999}  # cover, contents first; 备考表 last


def _index(code: str) -> int:
    return list(CATALOGUE).index(code)


def dossier_position(code: str, *, served_code: str | None = None) -> tuple[str, int]:
    """(volume, sort key) of a document in the dossier. A 送达回证 (09.02) sorts right after the
    document it serves when `served_code` is given (Art. 78: "决定书 + 送达回证")."""
    spec = document_type(code)
    if code == "09.02" and served_code:
        volume, key = dossier_position(served_code)
        return ("main" if volume == "both" else volume), key + 5
    if spec.volume == "both":
        return "both", _BOTH[code] * 10
    groups = _SUB_GROUPS if spec.volume == "sub" else _MAIN_GROUPS
    group = len(groups)  # other
    for i, members in enumerate(groups):
        if code in members:
            group = i
            break
    else:
        if spec.volume == "main" and spec.served == "yes":
            group = _MAIN_ISSUED_GROUP
    return spec.volume, 100 + group * 1000 + _index(code) * 10
