from zhifa.web.navigation import MenuItem

from .permissions import InspectionPerm

MENU = [
    MenuItem("行政检查", "我的检查", "inspections:mine", perms=(InspectionPerm.EXECUTE,), order=40),
    MenuItem("行政检查", "检查任务", "inspections:list", perms=(InspectionPerm.VIEW,), order=41),
    MenuItem(
        "行政检查", "检查计划（双随机）", "inspections:plans", perms=(InspectionPerm.RANDOM_VIEW,), order=42
    ),
    MenuItem("行政检查", "检查对象库", "inspections:targets", perms=("parties.party.view",), order=43),
]
