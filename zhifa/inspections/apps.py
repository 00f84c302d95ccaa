from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "zhifa.inspections"
    label = "inspections"
    verbose_name = "行政检查"

    def ready(self) -> None:
        from zhifa.core.subjects import register_subject

        from .services.transfer import register_inspection_approvals
        from .subjects import inspection_access, inspection_describe, inspection_url

        register_subject(
            "inspections.inspection",
            access=inspection_access,
            describe=inspection_describe,
            url=inspection_url,
        )
        register_inspection_approvals()
