"""The roles of the spec's permission tables (spec/02 tables 1–13), as seed data.

Each role grants permission codenames, one data scope, and per-permission scope exceptions.
Codenames of modules that later issues build (clues, inspections, cases …) are already listed so
that role assignments stay stable; navigation only shows menus whose pages exist. Codenames of
higher apps are plain strings (orgs sits below them and never imports them); a test checks each
against the catalogue. Deployments edit roles in the admin; `roles_seed` only creates missing
roles and never overwrites an edited one.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.core.permissions import CorePerm
from zhifa.core.scopes import DataScope

from .permissions import OrgPerm


@dataclass(frozen=True)
class RoleSpec:
    code: str
    name: str
    data_scope: str
    permissions: tuple[str, ...]
    description: str = ""
    # Per-permission exceptions to `data_scope`: an officer handles only their own cases (本人) but
    # must find colleagues, parties and the power list of the area to do so.
    scope_overrides: tuple[tuple[str, str], ...] = ()

    def scope_for(self, perm: str) -> str:
        return dict(self.scope_overrides).get(str(perm), self.data_scope)


BASE_READ = (
    OrgPerm.REGION_VIEW,
    "legal.law.view",
    "legal.power.view",
    "legal.discretion.view",
)

ROLE_SPECS: tuple[RoleSpec, ...] = (
    RoleSpec(
        "case_source_manager",
        "案源管理人员",
        DataScope.OWN_UNIT,
        (
            *BASE_READ,
            "parties.party.view",
            "clues.clue.register",
            "clues.clue.approve",
            "clues.rule.manage",
            "clues.clue.assign",
            "clues.clue.reply",
            "clues.clue.view",
            "clues.clue.handle",
            "clues.reporter.view",
        ),
        "表1 线索管理：登记、审批、甄别规则、分派、对外答复、查询浏览",
        scope_overrides=(("parties.party.view", DataScope.REGION),),  # 全市/区检查对象库查看 (表10)
    ),
    RoleSpec(
        "officer",
        "执法人员",
        DataScope.SELF,
        (
            *BASE_READ,
            OrgPerm.OFFICER_VIEW,
            "parties.party.view",
            "parties.party.manage",
            "legal.discretion.edit",
            "clues.clue.reply",
            "clues.clue.view",
            "clues.clue.handle",
            "inspections.task.execute",
            "inspections.inspection.handle",
            "inspections.random.view",
            "inspections.inspection.view",
            "cases.case.handle",
            "cases.case.view",
            "transfers.transfer.create",
            "transfers.criminal.create",
            "transfers.transfer.view",
            "coercion.measure.handle",
            "coercion.measure.view",
            "coercion.execution.handle",
            "disclosure.inspection.publish",
            "disclosure.penalty.publish",
            "disclosure.coercion.publish",
            "disclosure.publication.view",
            "admin_criminal.rule.manage",
            "admin_criminal.alert.view",
            "assist.case.use",
        ),
        "表1–7、10–12 执法人员",
        scope_overrides=(
            (OrgPerm.OFFICER_VIEW, DataScope.OWN_UNIT),  # colleagues: the second officer of Art. 42
            ("parties.party.view", DataScope.REGION),  # the area's 检查对象库 (spec/02 §1.3.2)
            ("legal.power.view", DataScope.ALL),  # 权责清单 is published information (处罚法 Art. 39)
        ),
    ),
    RoleSpec(
        "team_leader",
        "执法队长/部门负责人",
        DataScope.UNIT_AND_BELOW,
        (
            *BASE_READ,
            OrgPerm.OFFICER_VIEW,
            "parties.party.view",
            "clues.clue.view",
            "clues.clue.approve",
            "clues.clue.assign",
            "clues.clue.handle",
            "clues.clue.reply",
            "inspections.task.plan",
            "inspections.task.execute",
            "inspections.inspection.handle",
            "inspections.random.view",
            "inspections.transfer.approve",
            "inspections.inspection.view",
            "transfers.transfer.create",
            "transfers.internal.approve",
            "transfers.criminal.create",
            "transfers.transfer.view",
            "transfers.transfer.receive",
            "coercion.measure.view",
            "cases.case.view",
            "cases.case.approve",
            "dossier.model_case.view",
            "disclosure.publication.view",
            "disclosure.export.run",  # 双公示 data of the unit (RECORDS §1)
        ),
        "表2–3 各机构部门负责人 / 执法队长",
        scope_overrides=(("parties.party.view", DataScope.REGION),),  # 全市/区检查对象库查看 (表10)
    ),
    RoleSpec(
        "agency_head",
        "机关负责人",
        DataScope.UNIT_AND_BELOW,
        (
            *BASE_READ,
            OrgPerm.OFFICER_VIEW,
            "parties.party.view",
            "cases.case.view",
            "cases.case.approve",
            "cases.case.decide",
            "dossier.model_case.view",
            "dossier.model_case.mark",
            "transfers.transfer.view",
            "transfers.transfer.receive",
            "coercion.measure.view",
            "disclosure.publication.view",
            "disclosure.export.run",  # 双公示 data of the agency (RECORDS §1)
        ),
        "表2–3 行政机关负责人：立案、结案等审批，处罚决定，集体讨论（处罚法第五十七条）",
        scope_overrides=(("parties.party.view", DataScope.REGION),),  # 全市/区检查对象库查看 (表10)
    ),
    RoleSpec(
        "legal_reviewer",
        "法制审核人员",
        DataScope.UNIT_AND_BELOW,
        (
            *BASE_READ,
            "parties.party.view",
            "cases.case.view",
            "cases.legal_review.perform",
            "dossier.model_case.view",
            "dossier.model_case.mark",
        ),
        "表5 重大法制审核",
        scope_overrides=(("parties.party.view", DataScope.REGION),),  # 全市/区检查对象库查看 (表10)
    ),
    RoleSpec(
        "unit_admin",
        "单位管理员",
        DataScope.UNIT_AND_BELOW,
        (
            *BASE_READ,
            OrgPerm.ORGANISATION_VIEW,
            OrgPerm.ORGANISATION_MANAGE,
            OrgPerm.OFFICER_VIEW,
            OrgPerm.OFFICER_MANAGE,
            OrgPerm.USER_MANAGE,
            "parties.party.view",
            "parties.party.manage",
            "parties.party.export",
            "legal.discretion.edit",
            "legal.discretion.claim",
            "legal.power.edit",
            "inspections.config.manage",
            "documents.phrase.manage",
            "supervision.record.view",
        ),
        "表7 执法要素；表10 各执法机关管理员：执法基础库、执法全记录库",
        scope_overrides=(("parties.party.view", DataScope.REGION),),  # 全市/区检查对象库查看 (表10)
    ),
    RoleSpec(
        "city_justice_admin",
        "市司法局管理员",
        DataScope.ALL,
        (
            *BASE_READ,
            OrgPerm.ORGANISATION_VIEW,
            OrgPerm.ORGANISATION_MANAGE,
            OrgPerm.OFFICER_VIEW,
            OrgPerm.OFFICER_MANAGE,
            OrgPerm.USER_MANAGE,
            CorePerm.AUDIT_VIEW,
            CorePerm.HOLIDAY_MANAGE,
            "legal.law.manage",
            "legal.power.edit",
            "legal.power.approve",
            "legal.discretion.edit",
            "legal.discretion.approve",
            "parties.party.view",
            "parties.party.manage",
            "parties.party.view_identity",
            "parties.party.export",
            "supervision.record.view",
            "supervision.record.monitor",
        ),
        "表10 市司法局管理员：法律法规库、执法要素、权责清单、执法行为查询、执法全纪录库",
    ),
    RoleSpec(
        "district_justice_admin",
        "区司法局管理员",
        DataScope.REGION,
        (
            *BASE_READ,
            OrgPerm.ORGANISATION_VIEW,
            OrgPerm.ORGANISATION_MANAGE,
            OrgPerm.OFFICER_VIEW,
            OrgPerm.OFFICER_MANAGE,
            OrgPerm.USER_MANAGE,
            "legal.law.manage",
            "legal.power.edit",
            "legal.power.approve",
            "legal.discretion.edit",
            "legal.discretion.approve",
            "parties.party.view",
            "parties.party.export",
            "supervision.record.view",
            "supervision.record.monitor",
        ),
        "表10 区司法局管理员",
    ),
    RoleSpec(
        "city_supervisor",
        "市司法局执法监督",
        DataScope.ALL,
        (
            *BASE_READ,
            OrgPerm.ORGANISATION_VIEW,
            OrgPerm.OFFICER_VIEW,
            "parties.party.view",
            "supervision.alert.manage",
            "supervision.monitoring.view",
            "reviews.review.manage",
            "public_opinion.view",
            "evaluation.batch.manage",
            "training.exam.manage",
            "analytics.view",
            "analytics.forecast.view",
            "analytics.spatiotemporal.view",  # 表12 监督人员：时空分析
            "reviews.sampling.perform",
            "dossier.model_case.view",
            "dossier.model_case.mark",
        ),
        "表9 市司法局：智能预警监督、执法综合监测、案卷评查、社会舆情、效能评价、培训考试；表12–13 监督人员",
    ),
    RoleSpec(
        "district_supervisor",
        "区司法局执法监督",
        DataScope.REGION,
        (
            *BASE_READ,
            OrgPerm.ORGANISATION_VIEW,
            OrgPerm.OFFICER_VIEW,
            "parties.party.view",
            "supervision.alert.manage",
            "reviews.review.manage",
            "evaluation.batch.manage",
            "training.exam.manage",
            "analytics.view",
            "analytics.forecast.view",
            "analytics.spatiotemporal.view",  # 表12 监督人员：时空分析
            "reviews.sampling.perform",
            "dossier.model_case.view",
        ),
        "表9 各区司法局：智能预警监督、案卷评查、效能评价、培训考试",
    ),
    RoleSpec(
        "agency_supervisor",
        "执法单位内部监督",
        DataScope.UNIT_AND_BELOW,
        (
            *BASE_READ,
            OrgPerm.ORGANISATION_VIEW,
            OrgPerm.OFFICER_VIEW,
            "supervision.alert.manage",
            "reviews.review.manage",
            "evaluation.batch.manage",
            "training.exam.manage",
        ),
        "表9 市级/区级执法单位：智能预警监督、案卷评查、效能评价、培训考试",
    ),
)

ROLE_BY_CODE = {spec.code: spec for spec in ROLE_SPECS}
