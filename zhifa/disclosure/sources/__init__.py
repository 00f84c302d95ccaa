"""Where publications come from (see `base`): one adapter per source label."""

from __future__ import annotations

from .base import Source, SourceRecord, party_facts
from .cases import CaseSource, case_performed, penalty_text
from .coercion import EnforcementSource, MeasureSource
from .inspections import InspectionSource, inspection_conclusion

SOURCES: dict[str, Source] = {
    s.label: s for s in (CaseSource(), InspectionSource(), MeasureSource(), EnforcementSource())
}


def source_for(label: str) -> Source | None:
    return SOURCES.get(label)


__all__ = [
    "SOURCES",
    "CaseSource",
    "EnforcementSource",
    "InspectionSource",
    "MeasureSource",
    "Source",
    "SourceRecord",
    "case_performed",
    "inspection_conclusion",
    "party_facts",
    "penalty_text",
    "source_for",
]
