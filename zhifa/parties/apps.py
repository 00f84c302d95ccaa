from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "zhifa.parties"
    label = "parties"
    verbose_name = "执法对象"
