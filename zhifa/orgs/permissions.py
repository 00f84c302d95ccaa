from zhifa.core.permissions import PermissionSet


class OrgPerm(PermissionSet):
    REGION_VIEW = "orgs.region.view", "行政区划查看"
    ORGANISATION_VIEW = "orgs.organisation.view", "执法主体/机关查看"
    ORGANISATION_MANAGE = "orgs.organisation.manage", "执法主体/机关管理"
    OFFICER_VIEW = "orgs.officer.view", "执法人员查看"
    OFFICER_MANAGE = "orgs.officer.manage", "执法人员管理"
    USER_MANAGE = "orgs.user.manage", "用户与角色管理"
