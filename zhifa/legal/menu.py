from zhifa.web.navigation import MenuItem

from .permissions import LegalPerm

DISCRETION_VIEW = LegalPerm.DISCRETION_VIEW

MENU = [
    MenuItem("法律法规库", "法律法规", "legal:law_list", perms=(LegalPerm.LAW_VIEW,), order=10),
    MenuItem("法律法规库", "条文检索", "legal:law_search", perms=(LegalPerm.LAW_VIEW,), order=20),
    MenuItem("执法事项", "权责清单", "legal:power_list", perms=(LegalPerm.POWER_VIEW,), order=10),
    MenuItem("执法事项", "权责清单调整", "legal:power_batch_list", perms=(LegalPerm.POWER_EDIT,), order=20),
    MenuItem("执法事项", "自由裁量基准", "legal:discretion_list", perms=(DISCRETION_VIEW,), order=30),
    MenuItem("执法事项", "裁量基准变更提醒", "legal:discretion_notices", perms=(DISCRETION_VIEW,), order=40),
]
