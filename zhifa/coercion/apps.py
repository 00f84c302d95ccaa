from django.apps import AppConfig


class CoercionConfig(AppConfig):
    name = "zhifa.coercion"
    label = "coercion"
    verbose_name = "行政强制"

    def ready(self) -> None:
        from zhifa.core.subjects import register_subject

        from .services import register_coercion_approvals, register_enforcement_approvals
        from .subjects import (
            enforcement_access,
            enforcement_describe,
            enforcement_url,
            measure_access,
            measure_describe,
            measure_url,
        )

        register_subject(
            "coercion.measure", access=measure_access, describe=measure_describe, url=measure_url
        )
        register_subject(
            "coercion.enforcement",
            access=enforcement_access,
            describe=enforcement_describe,
            url=enforcement_url,
        )
        register_coercion_approvals()
        register_enforcement_approvals()

        from zhifa.cases.legal_review import register_legal_review_source

        from .selectors import pending_coercion_legal_reviews

        register_legal_review_source("coercion", pending_coercion_legal_reviews)
