from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "zhifa.legal"
    label = "legal"
    verbose_name = "法律法规与执法事项"
