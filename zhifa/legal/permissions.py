from zhifa.core.permissions import PermissionSet


class LegalPerm(PermissionSet):
    LAW_VIEW = "legal.law.view", "法律法规检索阅读"
    LAW_MANAGE = "legal.law.manage", "法律法规库管理"
    POWER_VIEW = "legal.power.view", "权责清单查询"
    POWER_EDIT = "legal.power.edit", "行政职权维护"
    POWER_APPROVE = "legal.power.approve", "权责清单调整审核"
    DISCRETION_VIEW = "legal.discretion.view", "裁量基准查询"
    DISCRETION_EDIT = "legal.discretion.edit", "裁量信息维护"
    DISCRETION_APPROVE = "legal.discretion.approve", "裁量基准审核"
    DISCRETION_CLAIM = "legal.discretion.claim", "自由裁量标准认领"
