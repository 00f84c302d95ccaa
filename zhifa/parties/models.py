"""执法对象 / 当事人 library (GLOSSARY: party).

A party is stored structured (RECORDS.md §1 "Party", §4.1): kind plus one field per code type, so
the CF_* export rows 1–13 fill mechanically and each code is validated by its own rule.

Identity numbers are never stored in clear: `<x>_cipher` holds SM4-GCM ciphertext,
`<x>_index` the SM3-HMAC blind index for exact lookup, `<x>_masked` the masked form for lists
(zhifa.core.crypto_fields). Names of natural persons are stored in clear for the case file but
masked on every output unless the viewer may see identities (see `zhifa.parties.presenters`).

Scope paths: org_path="organisation_id", region_path="region_code", owner_path="created_by_id".
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from zhifa.core.identifiers import is_minor_on
from zhifa.core.models import TimeStampedModel

from .choices import (
    CF_XDR_LB,
    EnterpriseStatus,
    IdType,
    PartyKind,
    PartyStatus,
    Sex,
    SourceType,
)

# Encryption contexts (bound into the GCM associated data) — one per column.
ID_NUMBER_CONTEXT = "parties.party.id_number"
LEGAL_REP_ID_CONTEXT = "parties.party.legal_rep_id_number"

SCOPE_PATHS = {"org_path": "organisation_id", "region_path": "region_code", "owner_path": "created_by_id"}


class Party(TimeStampedModel):
    kind = models.CharField("行政相对人类别", max_length=24, choices=PartyKind.choices)
    name = models.CharField("名称/姓名", max_length=200)
    # The name's bigrams for substring search (zhifa.parties.search.name_grams), written with the
    # name by the services; NULL only for rows written around them (zhifa.parties.search.fill_name_grams).
    name_grams = models.TextField("名称检索词", null=True, blank=True, editable=False)

    # 行政相对人代码 (RECORDS.md §1 rows 3–8)
    uscc = models.CharField("统一社会信用代码", max_length=18, null=True, blank=True)
    business_reg_no = models.CharField("工商注册号", max_length=50, blank=True)
    org_code = models.CharField("组织机构代码", max_length=10, blank=True)
    tax_reg_no = models.CharField("税务登记号", max_length=20, blank=True)
    institution_cert_no = models.CharField("事业单位证书号", max_length=20, blank=True)
    social_org_reg_no = models.CharField("社会组织登记证号", max_length=50, blank=True)

    # 自然人 / 个体工商户经营者 证件 (rows 12–13)
    id_type = models.CharField("证件类型", max_length=32, choices=IdType.choices, blank=True)
    id_number_cipher = models.BinaryField("证件号码密文", null=True, blank=True, editable=False)
    id_number_index = models.CharField("证件号码索引", max_length=64, blank=True, editable=False)
    id_number_masked = models.CharField("证件号码", max_length=64, blank=True, editable=False)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    sex = models.CharField("性别", max_length=8, choices=Sex.choices, blank=True)

    # 法定代表人 / 负责人 (rows 9–11)
    legal_rep_name = models.CharField("法定代表人/负责人", max_length=50, blank=True)
    legal_rep_id_type = models.CharField(
        "法定代表人证件类型", max_length=32, choices=IdType.choices, blank=True
    )
    legal_rep_id_cipher = models.BinaryField("法定代表人证件号码密文", null=True, blank=True, editable=False)
    legal_rep_id_index = models.CharField("法定代表人证件号码索引", max_length=64, blank=True, editable=False)
    legal_rep_id_masked = models.CharField("法定代表人证件号码", max_length=64, blank=True, editable=False)

    address = models.CharField("住所/地址", max_length=255, blank=True)
    phone = models.CharField("联系电话", max_length=32, blank=True)

    # Registered address region (本区域 scope) and 商事主体库 attributes.
    region = models.ForeignKey(
        "orgs.Region",
        verbose_name="注册地区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region_code = models.CharField("区划代码", max_length=12, blank=True, db_index=True)
    registration_authority = models.CharField("登记机关", max_length=100, blank=True)
    industry_code = models.CharField("行业代码", max_length=8, blank=True, db_index=True)  # GB/T 4754
    enterprise_status = models.CharField(
        "企业状态", max_length=16, choices=EnterpriseStatus.choices, blank=True
    )
    source = models.CharField(
        "来源类型", max_length=20, choices=SourceType.choices, default=SourceType.ENFORCEMENT
    )
    status = models.CharField("状态", max_length=10, choices=PartyStatus.choices, default=PartyStatus.ACTIVE)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_parties",
    )

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="登记单位",
        on_delete=models.PROTECT,
        related_name="parties",
        db_index=False,  # party_org_recent_idx leads with it
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # party_owner_recent_idx leads with it
    )

    # History keeps the blind index and masked form, not old ciphertexts (keys rotate).
    history = HistoricalRecords(excluded_fields=["id_number_cipher", "legal_rep_id_cipher", "name_grams"])

    class Meta:
        verbose_name = "执法对象"
        verbose_name_plural = "执法对象"
        ordering = ["-id"]
        # Plain B-trees declared here (no PostgreSQL `_like` twins): exact code lookups and the
        # list filters. `region_code` keeps db_index (its `_like` twin serves 本区域 prefixes);
        # Name substring search uses the bigram index of the migrations (zhifa.parties.search).
        # 工商注册号 and 组织机构代码 are empty for most parties: their indexes hold only the non-empty
        # values (lookups repeat the condition), so planner statistics never see one value for
        # every row (SQLite after ANALYZE would then drop the index for a full scan).
        indexes = [
            models.Index(fields=["name"], name="party_name_idx"),
            models.Index(fields=["id_number_index"], name="party_id_index_idx"),
            models.Index(fields=["legal_rep_id_index"], name="party_rep_id_index_idx"),
            models.Index(
                fields=["business_reg_no"],
                condition=~models.Q(business_reg_no=""),
                name="party_business_reg_no_set_idx",
            ),
            models.Index(
                fields=["org_code"], condition=~models.Q(org_code=""), name="party_org_code_set_idx"
            ),
            models.Index(fields=["kind"], name="party_kind_idx"),
            models.Index(fields=["status"], name="party_status_idx"),
            models.Index(fields=["source"], name="party_source_idx"),
            models.Index(fields=["enterprise_status"], name="party_ent_status_idx"),
            # 本单位 / 本人 scopes list newest first: (scope key, id) serves ORDER BY id DESC LIMIT.
            models.Index(fields=["organisation", "-id"], name="party_org_recent_idx"),
            models.Index(fields=["created_by", "-id"], name="party_owner_recent_idx"),
        ]
        constraints = [
            # De-duplication by code: one party per USCC (NULLs — no code — never collide).
            models.UniqueConstraint(fields=["uscc"], name="party_uniq_uscc"),
            # De-duplication of natural persons by ID number (blind index); merged rows are exempt.
            models.UniqueConstraint(
                fields=["id_number_index"],
                condition=models.Q(kind="natural_person", status="active") & ~models.Q(id_number_index=""),
                name="party_uniq_active_person_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def cf_xdr_lb(self) -> str:
        """CF_XDR_LB 行政相对人类别."""
        return CF_XDR_LB[self.kind]

    @property
    def is_natural_person(self) -> bool:
        return self.kind == PartyKind.NATURAL_PERSON

    def is_minor(self, on: dt.date | None = None) -> bool:
        """未成年人 (民法典 第17条); penalties on minors are never published (RULES.md §6.3)."""
        return self.is_natural_person and is_minor_on(self.birth_date, on)
