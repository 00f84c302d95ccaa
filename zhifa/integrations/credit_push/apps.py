from django.apps import AppConfig


class CreditPushConfig(AppConfig):
    name = "zhifa.integrations.credit_push"
    label = "credit_push"
    verbose_name = "双公示推送"
