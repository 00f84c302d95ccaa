from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhifa.cases"
    label = "cases"
    verbose_name = "行政处罚"

    def ready(self) -> None:
        from zhifa.core.subjects import register_subject

        from .subjects import case_access, case_describe, case_url

        register_subject("cases.case", access=case_access, describe=case_describe, url=case_url)

        from .services.approvals import register_case_approvals

        register_case_approvals()

        from zhifa.dossier.hooks import register_dossier_requirements

        from .dossier import case_dossier_requirement

        register_dossier_requirements("cases.case", case_dossier_requirement)

        from zhifa.worklist.registry import register_deadline_source

        from .selectors import my_case_deadlines

        register_deadline_source(my_case_deadlines)

        from .legal_review import register_legal_review_source
        from .selectors import pending_case_legal_reviews

        register_legal_review_source("cases", pending_case_legal_reviews)
