"""公众投诉举报、跟踪码、满意度评价与 Open311 GeoReport v2 接口."""

from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "zhifa.portal.complaints"
    label = "complaints"
    verbose_name = "投诉举报（公众）"

    def ready(self) -> None:
        from zhifa.clues.hooks import register_detail_panel

        from .panel import clue_panel

        register_detail_panel(clue_panel)  # the complaint's channel and rating on the clue's page
