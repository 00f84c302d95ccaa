from zhifa.web.navigation import MenuItem

from .permissions import LIST_PERMS

MENU = [MenuItem("办案", "执法公示", "disclosure:list", perms=LIST_PERMS, order=70)]
