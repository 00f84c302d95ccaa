"""Code lists of the 执法对象 library (RECORDS.md §1 rows 2–13; spec 02 全市检查对象库)."""

from __future__ import annotations

from django.db import models


class PartyKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    LEGAL_PERSON = "legal_person", "法人"
    OTHER_ORG = "other_org", "其他组织"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"


# CF_XDR_LB 行政相对人类别 (RECORDS.md §1 row 2): 法人及非法人组织 / 自然人 / 个体工商户.
CF_XDR_LB: dict[str, str] = {
    PartyKind.NATURAL_PERSON: "自然人",
    PartyKind.LEGAL_PERSON: "法人及非法人组织",
    PartyKind.OTHER_ORG: "法人及非法人组织",
    PartyKind.INDIVIDUAL_BUSINESS: "个体工商户",
}

ORGANISATION_KINDS = frozenset({PartyKind.LEGAL_PERSON, PartyKind.OTHER_ORG, PartyKind.INDIVIDUAL_BUSINESS})


class IdType(models.TextChoices):
    """证件类型 (CF_XDR_ZJLX / CF_FR_ZJLX, RECORDS.md §1 rows 10 and 12)."""

    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAU_PERMIT = "hk_macau_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit", "港澳台居民居住证"
    FOREIGN_PERMANENT_RESIDENCE = "foreign_permanent_residence", "外国人永久居留身份证"
    OTHER = "other", "其他"


# Document types whose numbers follow GB 11643 (MOD 11-2 check, birth date at positions 7–14).
GB11643_ID_TYPES = frozenset(
    {IdType.RESIDENT_ID, IdType.HMT_RESIDENCE_PERMIT, IdType.FOREIGN_PERMANENT_RESIDENCE}
)


class Sex(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class EnterpriseStatus(models.TextChoices):
    """企业状态 (商事主体库)."""

    OPERATING = "operating", "存续（在营、开业、在册）"
    SUSPENDED = "suspended", "停业"
    REVOKED = "revoked", "吊销"
    CANCELLED = "cancelled", "注销"
    MOVED_OUT = "moved_out", "迁出"
    OTHER = "other", "其他"


class SourceType(models.TextChoices):
    """来源类型 (spec 02: 全市检查对象库 vs 执法对象登记)."""

    BUSINESS_REGISTRY = "business_registry", "商事主体库接入"
    ENFORCEMENT = "enforcement", "执法登记"


class PartyStatus(models.TextChoices):
    ACTIVE = "active", "有效"
    MERGED = "merged", "已合并"


# Other organisation codes (RECORDS.md §1 rows 4–8, CF_XDR_GSZC … CF_XDR_SHZZ): field → label.
OTHER_CODE_FIELDS: dict[str, str] = {
    "business_reg_no": "工商注册号",
    "org_code": "组织机构代码",
    "tax_reg_no": "税务登记号",
    "institution_cert_no": "事业单位证书号",
    "social_org_reg_no": "社会组织登记证号",
}
