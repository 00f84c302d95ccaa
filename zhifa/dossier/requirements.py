"""Which documents a dossier must hold, per procedure and outcome (data, not code).

Sources: RECORDS §2 (the "Dossier" column: Req / Req when …), §2.12–2.13 and SAMR《市场监督管理
行政处罚程序规定》Art. 78 (one case one file; 正卷/副卷 contents). A code "a|b" is satisfied by either
document (05.02 案件审核表 "Req (G) unless 05.03"). 送达回证 (09.02, "Req per served document") is
not listed: `dossier_gaps` checks every served document itself.

Sectors and provinces add rows here (or a later configuration table, RECORDS §4.3) rather than
copying code. The caller (cases) chooses the kind from its procedure and outcome.
"""

from __future__ import annotations

from zhifa.core.errors import NotFound

# RECORDS §2.1 01.01; §2.2 02.01; §2.5 05.01/05.02/05.03; §2.6 06.01; §2.8 08.01/08.02; §2.12 12.01.
_GENERAL_COMMON = ("01.01", "02.01", "05.01", "05.02|05.03", "08.01")

REQUIRED: dict[str, tuple[str, ...]] = {
    # 一般程序, penalty imposed: 06.01 "Req before any penalty", 08.02 "Req when a penalty is imposed".
    "general:penalty": (*_GENERAL_COMMON, "06.01", "08.02", "12.01"),
    # 一般程序, 不予行政处罚 (处罚法 Art. 33; 08.03).
    "general:no_penalty": (*_GENERAL_COMMON, "08.03", "12.01"),
    # 一般程序, 撤案/终止 (08.04).
    "general:dismissed": ("01.01", "02.01", "08.04", "12.01"),
    # 简易程序: 当场行政处罚决定书 (08.05, Req (S); 处罚法 Arts. 51–52).
    "summary": ("08.05",),
    # 行政强制措施 (强制法 Arts. 18–24; RECORDS §2.4 Req (C)).
    "coercion": ("04.01", "04.02", "04.03", "04.04", "12.01"),
    # 涉嫌犯罪移送 (310令; RECORDS §2.11 Req (T)).
    "transfer": ("11.01", "11.02", "11.03", "11.04", "12.01"),
}

# Conditional requirements: when outcome_facts[fact] is truthy, these codes are required too.
CONDITIONAL: dict[str, tuple[str, ...]] = {
    "fined": ("10.01",),  # 罚没款缴纳凭证, RECORDS §2.10 "Req when fined"
    "hearing": ("07.01", "07.02", "07.03"),  # 处罚法 Art. 64; RECORDS §2.7 "If hearing"
    "hearing_notice": ("06.02",),  # 处罚法 Art. 63 threshold met
    "legal_review": ("05.03",),  # 处罚法 Art. 58 法制审核
    "collective_discussion": ("05.04",),  # 处罚法 Art. 57 ¶2 集体讨论
    "statement": ("06.03",),  # 陈述申辩笔录 (处罚法 Art. 45) when the party made one orally
    "preservation": ("03.08", "03.09", "03.10"),  # 先行登记保存, 处罚法 Art. 56
    "installments": ("10.02", "10.03"),  # 延期/分期缴纳, 处罚法 Art. 66
}


def dossier_requirements(kind: str, outcome_facts: dict[str, object] | None = None) -> tuple[str, ...]:
    """The required document codes for a procedure/outcome `kind` (a key of REQUIRED), plus the
    conditional ones switched on by `outcome_facts`."""
    try:
        codes = list(REQUIRED[kind])
    except KeyError:
        raise NotFound(f"没有“{kind}”的卷宗材料要求") from None
    for fact, extra in CONDITIONAL.items():
        if outcome_facts and outcome_facts.get(fact):
            codes.extend(code for code in extra if code not in codes)
    return tuple(codes)
