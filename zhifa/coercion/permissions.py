from zhifa.core.permissions import PermissionSet


class CoercionPerm(PermissionSet):
    VIEW = "coercion.measure.view", "行政强制措施查询"
    HANDLE = "coercion.measure.handle", "实施行政强制措施"
    EXECUTION_HANDLE = "coercion.execution.handle", "行政强制执行"
