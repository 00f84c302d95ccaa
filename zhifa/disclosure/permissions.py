from zhifa.core.permissions import PermissionSet


class DisclosurePerm(PermissionSet):
    """执法公示 (spec/02 §1.1.9, 表6: 执法人员 — 检查案件公示、处罚案件公示; 强制案件公示 in the
    module list). Reading the officers' list needs VIEW or one of the kind's publish codenames."""

    VIEW = "disclosure.publication.view", "公示信息查询"
    PENALTY_PUBLISH = "disclosure.penalty.publish", "处罚案件公示"
    INSPECTION_PUBLISH = "disclosure.inspection.publish", "检查案件公示"
    COERCION_PUBLISH = "disclosure.coercion.publish", "强制案件公示"


PUBLISH_PERM_BY_KIND: dict[str, str] = {
    "penalty": DisclosurePerm.PENALTY_PUBLISH,
    "inspection": DisclosurePerm.INSPECTION_PUBLISH,
    "coercion": DisclosurePerm.COERCION_PUBLISH,
}
LIST_PERMS = (
    DisclosurePerm.VIEW,
    DisclosurePerm.PENALTY_PUBLISH,
    DisclosurePerm.INSPECTION_PUBLISH,
    DisclosurePerm.COERCION_PUBLISH,
)
