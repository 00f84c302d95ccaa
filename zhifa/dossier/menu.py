from zhifa.web.navigation import MenuItem

from .permissions import DossierPerm

MENU = [
    MenuItem("办案", "典型案例", "dossier:model_cases", perms=(DossierPerm.MODEL_CASE_VIEW,), order=70),
]
