from zhifa.core.permissions import PermissionSet

# Imported so that `all_permissions()` (which reads only `<app>.permissions`) lists the export's
# codename too: `zhifa.disclosure.export` is a package of the disclosure app, not an app.
from zhifa.disclosure.export.permissions import ExportPerm

__all__ = ["CreditPushPerm", "ExportPerm"]


class CreditPushPerm(PermissionSet):
    RUN = "credit_push.push.run", "双公示推送执行"
