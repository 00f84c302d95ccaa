from django.apps import AppConfig


class DossierConfig(AppConfig):
    name = "zhifa.dossier"
    label = "dossier"
    verbose_name = "电子卷宗"
