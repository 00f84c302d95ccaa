"""Codenames of the 双公示 export. `zhifa.core.permissions.all_permissions` reads only
`<app>/permissions.py`, so `zhifa.integrations.credit_push.permissions` imports `ExportPerm` to put
it in the catalogue (roles admin, authorisation-matrix tests)."""

from zhifa.core.permissions import PermissionSet


class ExportPerm(PermissionSet):
    RUN = "disclosure.export.run", "双公示数据导出"
