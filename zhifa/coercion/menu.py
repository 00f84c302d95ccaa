from zhifa.web.navigation import MenuItem

from .permissions import CoercionPerm

MENU = [
    MenuItem("办案", "行政强制措施", "coercion:list", perms=(CoercionPerm.VIEW,), order=60),
    MenuItem("办案", "行政强制案件", "coercion:cases", perms=(CoercionPerm.VIEW,), order=61),
]
