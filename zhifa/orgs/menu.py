from zhifa.web.navigation import MenuItem

from .permissions import OrgPerm

MENU = [
    MenuItem(
        "组织与人员", "执法主体/机关", "orgs:organisation_list", perms=(OrgPerm.ORGANISATION_VIEW,), order=10
    ),
    MenuItem("组织与人员", "执法人员", "orgs:officer_list", perms=(OrgPerm.OFFICER_VIEW,), order=20),
    MenuItem("组织与人员", "行政区划", "orgs:region_browser", perms=(OrgPerm.REGION_VIEW,), order=30),
    MenuItem("系统管理", "用户管理", "orgs:user_list", perms=(OrgPerm.USER_MANAGE,), order=10),
    MenuItem("系统管理", "角色权限", "orgs:role_list", perms=(OrgPerm.USER_MANAGE,), order=20),
]
