from zhifa.web.navigation import MenuItem

# Any of the permissions (MenuItem.perms is any-of): whoever handles, approves or reviews cases.
WORKLIST_PERMS = ("cases.case.view", "cases.case.handle", "cases.case.approve", "cases.legal_review.perform")

MENU = [
    MenuItem(
        "工作台",
        "我的待办",
        "worklist:index",
        perms=WORKLIST_PERMS,
        order=2,
    ),
]
