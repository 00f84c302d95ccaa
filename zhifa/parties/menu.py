from zhifa.web.navigation import MenuItem

from .permissions import PartyPerm

MENU = [
    MenuItem("执法对象", "执法对象查询", "parties:list", perms=(PartyPerm.VIEW,), order=40),
    MenuItem("执法对象", "执法对象登记", "parties:create", perms=(PartyPerm.MANAGE,), order=41),
]
