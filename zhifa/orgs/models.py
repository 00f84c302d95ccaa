from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords
from tree_queries.models import TreeNode

from zhifa.core.models import TimeStampedModel
from zhifa.core.scopes import DataScope

from .choices import CertificateStatus, OrganisationKind, OrganisationLevel, RegionLevel


class Region(TreeNode):
    """GB/T 2260 division: 2-digit province, 4-digit city, 6-digit county, 9-digit street.

    Codes are prefixes of their children's codes, so 本区域 is a `region_code__startswith` filter.
    """

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("级别", max_length=10, choices=RegionLevel.choices, db_index=True)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]
        indexes = [models.Index(fields=["name"], name="region_name_idx")]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Domain(models.Model):
    """执法领域 (e.g. 市场监管, 生态环境, 城市管理) — a dictionary."""

    code = models.CharField("领域代码", max_length=32, unique=True)
    name = models.CharField("领域名称", max_length=64)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "执法领域"
        verbose_name_plural = "执法领域"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Organisation(TreeNode, TimeStampedModel):  # type: ignore[django-manager-missing]
    """执法机关 / 执法主体 / 受委托组织 / 监督机关, in one tree (parent = administrative superior)."""

    name = models.CharField("名称", max_length=200)
    short_name = models.CharField("简称", max_length=64, blank=True)
    kind = models.CharField("类型", max_length=32, choices=OrganisationKind.choices, db_index=True)
    level = models.CharField("层级", max_length=10, choices=OrganisationLevel.choices, db_index=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    domains = models.ManyToManyField(
        Domain, verbose_name="执法领域", blank=True, related_name="organisations"
    )
    supervised_by = models.ForeignKey(
        "self",
        verbose_name="监督机关",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_units",
        limit_choices_to={"kind": OrganisationKind.SUPERVISORY_BODY},
    )
    entrusted_by = models.ForeignKey(
        "self",
        verbose_name="委托机关",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entrusted_orgs",
    )
    address = models.CharField("地址", max_length=255, blank=True)
    phone = models.CharField("电话", max_length=32, blank=True)
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "组织机构"
        verbose_name_plural = "组织机构"
        ordering = ["region_code", "name"]
        # One index per list filter (name, kind, level, region prefix, active) and the default order.
        indexes = [
            models.Index(fields=["name"], name="org_name_idx"),
            models.Index(fields=["region_code", "name"], name="org_region_name_idx"),
            models.Index(fields=["is_active"], name="org_active_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A login. Belongs to one organisation; roles combine by union."""

    display_name = models.CharField("姓名", max_length=64, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField("手机号", max_length=20, blank=True)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        indexes = [models.Index(fields=["display_name"], name="user_display_name_idx")]

    def __str__(self) -> str:
        return self.display_name or self.username


class Officer(TimeStampedModel):
    """执法人员 holding an enforcement certificate (执法证)."""

    user = models.OneToOneField(
        User, verbose_name="用户", null=True, blank=True, on_delete=models.SET_NULL, related_name="officer"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="所属单位", on_delete=models.PROTECT, related_name="officers"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    name = models.CharField("姓名", max_length=64, db_index=True)
    certificate_no = models.CharField("执法证号", max_length=32, unique=True)
    certificate_valid_from = models.DateField("证件有效期起")
    certificate_valid_to = models.DateField("证件有效期止")
    certificate_status = models.CharField(
        "证件状态",
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
        db_index=True,
    )
    domains = models.ManyToManyField(Domain, verbose_name="执法领域", blank=True, related_name="officers")
    has_legal_qualification = models.BooleanField("具有法律职业资格", default=False)
    is_active = models.BooleanField("在岗", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ["organisation_id", "name"]
        indexes = [
            models.Index(fields=["organisation", "name"], name="officer_org_name_idx"),
            models.Index(fields=["certificate_valid_to"], name="officer_cert_valid_to_idx"),
            models.Index(fields=["has_legal_qualification"], name="officer_legal_qual_idx"),
            models.Index(fields=["is_active"], name="officer_active_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_no}）"

    def certificate_valid_on(self, day: dt.date) -> bool:
        return (
            self.certificate_status == CertificateStatus.VALID
            and self.certificate_valid_from <= day <= self.certificate_valid_to
        )


class Role(TimeStampedModel):
    """A role from the spec's permission tables: permission codenames plus a data scope."""

    code = models.CharField("角色代码", max_length=64, unique=True)
    name = models.CharField("角色名称", max_length=64)
    description = models.CharField("说明", max_length=255, blank=True)
    permissions = models.JSONField("权限", default=list, blank=True)
    data_scope = models.CharField(
        "数据权限", max_length=20, choices=DataScope.choices, default=DataScope.SELF
    )
    scope_overrides = models.JSONField(
        "按权限的数据权限",
        default=dict,
        blank=True,
        help_text="个别权限的数据范围例外，如执法人员办案为本人、查询执法对象为本区域",
    )
    custom_organisations = models.ManyToManyField(
        Organisation, verbose_name="自定义数据范围", blank=True, related_name="+"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    history = HistoricalRecords(m2m_fields=[custom_organisations])

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    def scope_for(self, perm: str) -> str:
        return str(self.scope_overrides.get(perm, self.data_scope))


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="user_roles")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="user_roles")
    granted_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="uniq_user_role")]


class LoginFailure(models.Model):
    """One failed login; 5 within 15 minutes lock the account (see orgs.services.auth)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.CharField(max_length=45, blank=True)
    occurred_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=64)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
