from zhifa.core.permissions import PermissionSet


class DossierPerm(PermissionSet):
    MODEL_CASE_VIEW = "dossier.model_case.view", "典型案例查看"
    MODEL_CASE_MARK = "dossier.model_case.mark", "典型案例标注"
