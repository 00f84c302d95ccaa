from ninja import Router

router = Router(tags=["线索管理"])
