"""当事人凭案件编号与查询码访问：送达文书、听证申请、缴款."""

from django.apps import AppConfig


class PartyPortalConfig(AppConfig):
    name = "zhifa.portal.party"
    label = "party_portal"
    verbose_name = "当事人服务"

    def ready(self) -> None:
        from zhifa.cases.panels import register_case_panel
        from zhifa.documents.hooks import register_issue_note

        from .officer import party_portal_panel
        from .services import party_access_note

        register_issue_note(party_access_note)  # the 查询码 line on documents served on the party
        register_case_panel("party_portal", party_portal_panel)  # the officer's block on the case page
