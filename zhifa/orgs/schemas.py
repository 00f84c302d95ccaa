"""API schemas of the orgs app."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str


class Ref(Schema):
    id: int
    name: str


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    level: str
    level_label: str
    uscc: str
    region_code: str
    region_name: str
    parent: Ref | None
    supervised_by: Ref | None
    entrusted_by: Ref | None
    domains: list[str]
    address: str
    phone: str
    is_active: bool


class OrganisationFilterIn(Schema):
    name: str = ""
    kind: str = ""
    level: str = ""
    region: str = ""
    domain: str = ""
    is_active: bool | None = None
    parent: int | None = None


class OfficerOut(Schema):
    id: int
    name: str
    certificate_no: str
    certificate_valid_from: dt.date
    certificate_valid_to: dt.date
    certificate_status: str
    certificate_state: str
    organisation: Ref
    region_code: str
    domains: list[str]
    has_legal_qualification: bool
    is_active: bool


class OfficerFilterIn(Schema):
    name: str = ""
    certificate_no: str = ""
    organisation: int | None = None
    region: str = ""
    domain: str = ""
    certificate_status: str = ""
    expiring_within_days: int | None = None
    has_legal_qualification: bool | None = None
    is_active: bool | None = None


class CertificateCheckOut(Schema):
    certificate_no: str
    valid: bool
    state: str
    checked_on: dt.date
    officer_name: str
    organisation: Ref
    certificate_valid_from: dt.date
    certificate_valid_to: dt.date
    certificate_status: str


class RegionOut(Schema):
    code: str
    name: str
    level: str
    child_count: int


class RoleOut(Schema):
    code: str
    name: str
    data_scope: str


class OrganisationBrief(Schema):
    id: int
    name: str
    region_code: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    is_superuser: bool
    organisation: OrganisationBrief | None
    roles: list[RoleOut]
    permissions: list[str]
    data_scopes: dict[str, list[str]]


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    token: str
