from django.apps import AppConfig


class WorklistConfig(AppConfig):
    name = "zhifa.worklist"
    label = "worklist"
    verbose_name = "待办与期限"
