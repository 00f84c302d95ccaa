"""How the dossier learns what a subject's procedure requires (hooks, not signals): the app owning
the subject (cases) registers a provider in its AppConfig.ready():

    register_dossier_requirements("cases.case", case_dossier_requirements)

where `case_dossier_requirements(case) -> DossierRequirement`. Without a provider only the generic
rules of `dossier_gaps` apply (service, evidence files and custody, drafts)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from zhifa.core.subjects import subject_label


@dataclass(frozen=True)
class DossierRequirement:
    required_codes: tuple[str, ...] = ()
    outcome_facts: Mapping[str, Any] = field(default_factory=dict)
    satisfied_codes: tuple[str, ...] = ()


Provider = Callable[[models.Model], DossierRequirement]
_PROVIDERS: dict[str, Provider] = {}


def register_dossier_requirements(label: str, provider: Provider) -> None:
    _PROVIDERS[label] = provider


def requirements_for(subject: models.Model) -> DossierRequirement:
    provider = _PROVIDERS.get(subject_label(subject))
    return provider(subject) if provider else DossierRequirement()


def subject_organisation(subject: models.Model) -> Any:
    """The organisation a subject's dossier is archived under: its own `organisation`, or the
    subject itself when it is an organisation (the stand-in subject of tests)."""
    from zhifa.orgs.models import Organisation

    if isinstance(subject, Organisation):
        return subject
    return getattr(subject, "organisation", None)
