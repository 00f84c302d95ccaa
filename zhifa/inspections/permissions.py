from zhifa.core.permissions import PermissionSet


class InspectionPerm(PermissionSet):
    """Codenames already granted by zhifa.orgs.roles (表2–3、7、10)."""

    VIEW = "inspections.inspection.view", "行政检查查询"
    HANDLE = "inspections.inspection.handle", "行政检查办理"
    EXECUTE = "inspections.task.execute", "检查任务执行"
    PLAN = "inspections.task.plan", "检查计划、检查对象库与双随机抽取"
    RANDOM_VIEW = "inspections.random.view", "双随机抽取结果查看"
    TRANSFER_APPROVE = "inspections.transfer.approve", "检查转办审批"
    CONFIG = "inspections.config.manage", "执法要素配置（检查模块、检查项、检查单）"
