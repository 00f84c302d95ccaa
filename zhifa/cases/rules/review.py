"""法制审核 and 集体讨论 (处罚法 第57条第二款, 第58条; SAMR 第49–52条, 第60条; RULES §1.5)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReviewGrounds:
    """The Art. 58 ¶1 grounds, as recorded on the case."""

    major_public_interest: bool = False  # (一) 涉及重大公共利益
    major_rights: bool = False  # (二) 直接关系当事人或者第三人重大权益，经过听证程序
    hearing_held: bool = False
    complex_case: bool = False  # (三) 案件情况疑难复杂、涉及多个法律关系
    other_law: bool = False  # (四) 法律、法规规定应当进行法制审核的其他情形


def legal_review_reasons(grounds: ReviewGrounds) -> list[str]:
    """Why 法制审核 is mandatory before the head decides (empty: not mandatory; SAMR then still requires
    a 案件审核 by a non-handler for every ordinary-procedure case, 第49条)."""
    reasons: list[str] = []
    if grounds.major_public_interest:
        reasons.append("涉及重大公共利益（行政处罚法第五十八条第一款第一项）")
    if grounds.major_rights and grounds.hearing_held:
        reasons.append("直接关系当事人或者第三人重大权益，经过听证程序（第五十八条第一款第二项）")
    if grounds.complex_case:
        reasons.append("案件情况疑难复杂、涉及多个法律关系（第五十八条第一款第三项）")
    if grounds.other_law:
        reasons.append("法律、法规规定应当进行法制审核（第五十八条第一款第四项）")
    return reasons


def reviewer_problems(
    *, reviewer_name: str, has_legal_qualification: bool, handled_case: bool, legal_review: bool
) -> list[str]:
    """Who may review: never a handler of the case (SAMR 第50条第二款: 审核人员不得是办案人员); for the
    Art. 58 法制审核 a reviewer with the 法律职业资格 (第58条第二款: 初次从事法制审核的人员应当取得)."""
    problems: list[str] = []
    if handled_case:
        problems.append(f"{reviewer_name}是本案承办人员，不得审核本案（市场监管行政处罚程序规定第五十条）")
    if legal_review and not has_legal_qualification:
        problems.append(f"{reviewer_name}未取得法律职业资格，不能进行法制审核（行政处罚法第五十八条第二款）")
    return problems


def collective_discussion_reasons(*, complex_or_serious: bool, reduced_below_minimum: bool) -> list[str]:
    """集体讨论 by the agency heads: 情节复杂或者重大违法行为 (第57条第二款); 减轻 below the statutory
    minimum under local discretion rules (RULES §10 step 5)."""
    reasons: list[str] = []
    if complex_or_serious:
        reasons.append("对情节复杂或者重大违法行为给予行政处罚（行政处罚法第五十七条第二款）")
    if reduced_below_minimum:
        reasons.append("减轻处罚低于法定最低限度（裁量基准规定须集体讨论）")
    return reasons
