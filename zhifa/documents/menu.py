from zhifa.web.navigation import MenuItem

from .permissions import DocumentPerm

MENU = [
    MenuItem("系统配置", "文书常用语", "documents:phrases", perms=(DocumentPerm.PHRASE_MANAGE,), order=80),
    MenuItem("执法文书", "文书核验", "documents:verify_upload", order=60),
]
