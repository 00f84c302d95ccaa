"""当事人凭案件编号与查询码访问：送达文书、听证申请、缴款."""

from django.apps import AppConfig


class PartyPortalConfig(AppConfig):
    name = "zhifa.portal.party"
    label = "party_portal"
    verbose_name = "当事人服务"
