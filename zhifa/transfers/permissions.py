from zhifa.core.permissions import PermissionSet


class TransferPerm(PermissionSet):
    VIEW = "transfers.transfer.view", "移送案件查询"
    CREATE = "transfers.transfer.create", "提请行政案件移送"
    CRIMINAL = "transfers.criminal.create", "提请涉刑案件移送"
    RECEIVE = "transfers.transfer.receive", "接收移送案件"
    INTERNAL_APPROVE = "transfers.internal.approve", "处罚转办审批"
