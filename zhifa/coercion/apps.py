from django.apps import AppConfig


class CoercionConfig(AppConfig):
    name = "zhifa.coercion"
    label = "coercion"
    verbose_name = "行政强制"

    def ready(self) -> None:
        from zhifa.core.subjects import register_subject

        from .services import register_coercion_approvals
        from .subjects import measure_access, measure_describe, measure_url

        register_subject(
            "coercion.measure", access=measure_access, describe=measure_describe, url=measure_url
        )
        register_coercion_approvals()
