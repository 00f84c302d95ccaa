from zhifa.core.permissions import PermissionSet


class DocumentPerm(PermissionSet):
    PHRASE_MANAGE = "documents.phrase.manage", "常用语维护"
