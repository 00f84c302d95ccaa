from .navigation import MenuItem

MENU = [
    MenuItem("工作台", "首页", "web:home", order=1),
]
