# ruff: noqa: E501  (layout prose: long Chinese sentences read better unbroken)
"""Layouts of the 行政检查 documents (RECORDS §2). The 现场检查（勘验）笔录 (03.01) is shared with the
cases' investigation and lives in records.py; the inspection binds its checklist results into
`inspection.content` (one line per item) and its findings into `inspection.findings`.

Context of 03.11 (besides org, number, party, officers, remedy, today):
`rectify.date` (检查日期), `rectify.place`, `rectify.violations` (list of {text, note, basis}),
`rectify.basis` (违反的规定), `rectify.deadline` (改正期限, a date the officer sets),
`rectify.requirements` (改正要求, optional), `rectify.consequence` (逾期不改正的后果)."""

from __future__ import annotations

from .blocks import Layout, Para, Signature, SignLines, Table
from .common import CONTACT, OFFICERS, PARTY_LINES

# 处罚法 Art. 28 ¶1: 实施行政处罚时应当责令当事人改正或者限期改正违法行为; the order is itself an
# administrative act, so the notice names the 复议 (复议法 Art. 20: 60 days) and 诉讼 (行诉法 Art. 46:
# 6 months) routes. Served on the party (RECORDS §2.3: Served = Yes).
RECTIFY_0311 = Layout(
    "03.11",
    "责令改正通知书",
    (
        *PARTY_LINES,
        Para(
            "本机关执法人员于{{ rectify.date }}对你（单位）{% if rectify.place %}位于{{ rectify.place }}的场所{% endif %}"
            "依法进行检查，发现你（单位）存在下列违法行为："
        ),
        Table(
            ("序号", "违法行为（检查不符合项）", "违反的规定"),
            "rectify.violations",
            ("{{ no }}", "{{ item.text }}{% if item.note %}：{{ item.note }}{% endif %}", "{{ item.basis }}"),
            min_rows=1,
        ),
        Para(
            "你（单位）的上述行为违反了{{ rectify.basis or '有关法律、法规、规章' }}的规定。依据《中华人民共和国行政处罚法》"
            "第二十八条第一款的规定，本机关责令你（单位）于{{ rectify.deadline }}前改正上述违法行为。"
            "{% if rectify.requirements %}改正要求：{{ rectify.requirements }}{% endif %}"
        ),
        Para(
            "改正期限届满后，本机关将进行复查。你（单位）逾期不改正或者改正不符合要求的，本机关将依法"
            "{{ rectify.consequence or '立案查处，并依照有关法律、法规、规章的规定予以行政处罚' }}。"
        ),
        Para(
            "你（单位）如不服本通知，可以自收到本通知书之日起{{ remedy.review_days or 60 }}日内向{{ remedy.review_body }}"
            "申请行政复议；也可以自收到本通知书之日起{{ remedy.litigation_months or 6 }}个月内依法向{{ remedy.court }}"
            "提起行政诉讼。"
        ),
        Para("执法人员及执法证号：" + OFFICERS, indent=False),
        SignLines(("当事人签收：",)),
        Signature(),
        CONTACT,
    ),
)

LAYOUTS_INSPECTION: tuple[Layout, ...] = (RECTIFY_0311,)
