from zhifa.web.navigation import MenuItem

from .permissions import CorePerm

MENU = [
    MenuItem("系统管理", "审计日志", "core:audit_list", perms=(CorePerm.AUDIT_VIEW,), order=900),
]
