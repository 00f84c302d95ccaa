from zhifa.disclosure.export.permissions import ExportPerm
from zhifa.web.navigation import MenuItem

# The export page belongs to the disclosure app (zhifa/disclosure/export/); its menu entry lives
# here so the disclosure app's own menu stays its owner's.
MENU = [
    MenuItem("办案", "双公示数据导出", "disclosure:export:index", perms=(ExportPerm.RUN,), order=71),
]
