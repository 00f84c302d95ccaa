"""执法公示查询与公开栏目（免登录）."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "zhifa.portal"
    label = "portal"
    verbose_name = "公众服务门户"
