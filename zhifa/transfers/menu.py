from zhifa.web.navigation import MenuItem

from .permissions import TransferPerm

MENU = [
    MenuItem("行政处罚", "案件移送", "transfers:list", perms=(TransferPerm.VIEW,), order=55),
]
