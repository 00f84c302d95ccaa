from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "zhifa.disclosure"
    label = "disclosure"
    verbose_name = "执法公示"

    def ready(self) -> None:
        from zhifa.worklist.registry import register_deadline_source

        from .worklist import my_publication_deadlines

        register_deadline_source(my_publication_deadlines)
