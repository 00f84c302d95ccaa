from zhifa.web.navigation import MenuItem

from .permissions import CasePerm

MENU = [
    MenuItem("行政处罚", "案件查询", "cases:list", perms=(CasePerm.VIEW,), order=50),
    MenuItem("行政处罚", "案件登记", "cases:create", perms=(CasePerm.HANDLE,), order=51),
    MenuItem("行政处罚", "重大法制审核", "cases:legal_review", perms=(CasePerm.LEGAL_REVIEW,), order=52),
]
