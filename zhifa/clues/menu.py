from zhifa.web.navigation import MenuItem

from .permissions import CluePerm

MENU = [
    MenuItem("办案", "线索管理", "clues:list", perms=(CluePerm.VIEW,), order=10),
    MenuItem("办案", "线索登记", "clues:new", perms=(CluePerm.REGISTER,), order=11),
    MenuItem("办案", "线索统计", "clues:stats", perms=(CluePerm.VIEW,), order=12),
]
