from zhifa.web.navigation import MenuItem

from .permissions import LegalPerm

MENU = [
    MenuItem("法律法规库", "法律法规", "legal:law_list", perms=(LegalPerm.LAW_VIEW,), order=10),
    MenuItem("法律法规库", "条文检索", "legal:law_search", perms=(LegalPerm.LAW_VIEW,), order=20),
]
