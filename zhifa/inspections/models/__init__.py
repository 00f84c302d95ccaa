from .config import CheckItem, Checklist, ChecklistEntry, CheckModule
from .inspections import Inspection, InspectionOfficer, InspectionResult
from .plans import Draw, DrawEntry, InspectionPlan
from .targets import InspectionTarget, OfficerConflict
from .transfers import InspectionTransfer, TransferState

__all__ = [
    "CheckItem",
    "CheckModule",
    "Checklist",
    "ChecklistEntry",
    "Draw",
    "DrawEntry",
    "Inspection",
    "InspectionOfficer",
    "InspectionPlan",
    "InspectionResult",
    "InspectionTarget",
    "InspectionTransfer",
    "OfficerConflict",
    "TransferState",
]
