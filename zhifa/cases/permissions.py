from zhifa.core.permissions import PermissionSet


class CasePerm(PermissionSet):
    VIEW = "cases.case.view", "行政处罚案件查询"
    HANDLE = "cases.case.handle", "行政处罚案件办理"
    APPROVE = "cases.case.approve", "行政处罚案件审批（承办机构负责人）"
    LEGAL_REVIEW = "cases.legal_review.perform", "法制审核"
    DECIDE = "cases.case.decide", "行政处罚决定审批（机关负责人）"
    CONFIGURE = "cases.config.manage", "办案期限与听证标准配置"
