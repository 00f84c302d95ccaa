"""公众投诉举报、跟踪码、满意度评价与 Open311 GeoReport v2 接口."""

from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "zhifa.portal.complaints"
    label = "complaints"
    verbose_name = "投诉举报（公众）"
