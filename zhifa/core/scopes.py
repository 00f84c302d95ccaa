"""Data-scope primitives shared by every app. The organisation-aware resolution lives in
`zhifa.orgs.scopes`; this module only names the scopes (GLOSSARY: 数据权限)."""

from django.db import models


class DataScope(models.TextChoices):
    SELF = "self", "本人"
    OWN_UNIT = "own_unit", "本单位"
    UNIT_AND_BELOW = "unit_and_below", "本单位及下级"
    REGION = "region", "本区域"
    ALL = "all", "全部"
    CUSTOM = "custom", "自定义"
