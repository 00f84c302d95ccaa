from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "zhifa.transfers"
    label = "transfers"
    verbose_name = "案件移送"

    def ready(self) -> None:
        from zhifa.core.subjects import register_subject

        from .services import register_transfer_approvals
        from .subjects import transfer_access, transfer_describe, transfer_url

        register_subject(
            "transfers.transfer", access=transfer_access, describe=transfer_describe, url=transfer_url
        )
        register_transfer_approvals()
