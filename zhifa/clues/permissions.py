from zhifa.core.permissions import PermissionSet


class CluePerm(PermissionSet):
    """表1 线索管理权限控制 (spec/02 §1.1.1.3)."""

    VIEW = "clues.clue.view", "线索查询浏览"
    REGISTER = "clues.clue.register", "线索登记"
    APPROVE = "clues.clue.approve", "线索受理审批"
    ASSIGN = "clues.clue.assign", "线索分派"
    HANDLE = "clues.clue.handle", "线索办理（并案、立案、办结）"
    REPLY = "clues.clue.reply", "线索对外答复"
    RULE_MANAGE = "clues.rule.manage", "甄别规则设置"
    REPORTER_VIEW = "clues.reporter.view", "查看举报人身份信息"
