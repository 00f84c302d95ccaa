from zhifa.core.permissions import PermissionSet


class PartyPerm(PermissionSet):
    VIEW = "parties.party.view", "执法对象查询"
    MANAGE = "parties.party.manage", "执法对象登记维护"
    VIEW_IDENTITY = "parties.party.view_identity", "查看完整证件号码"
    EXPORT = "parties.party.export", "执法对象导出"
