from django.db import models


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "区县"
    STREET = "street", "街镇"


class OrganisationKind(models.TextChoices):
    ENFORCEMENT_AGENCY = "enforcement_agency", "执法机关"
    ENFORCEMENT_SUBJECT = "enforcement_subject", "执法主体"
    ENTRUSTED_ORG = "entrusted_org", "受委托组织"
    SUPERVISORY_BODY = "supervisory_body", "监督机关"


class OrganisationLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "区县级"
    STREET = "street", "街镇级"


class CertificateStatus(models.TextChoices):
    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂扣"
    REVOKED = "revoked", "注销"
    EXPIRED = "expired", "过期"
