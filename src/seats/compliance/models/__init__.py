from .cycle import CatalogSubmission, ObligationDone
from .retention import Deidentified, LegalHold, RetentionItem, RetentionLog, RetentionPlan
from .tor import AlignmentRequirement, CorrectiveAction, TorAssignment, TorCycle, TorHold

__all__ = [
    "AlignmentRequirement",
    "CatalogSubmission",
    "CorrectiveAction",
    "Deidentified",
    "LegalHold",
    "ObligationDone",
    "RetentionItem",
    "RetentionLog",
    "RetentionPlan",
    "TorAssignment",
    "TorCycle",
    "TorHold",
]
