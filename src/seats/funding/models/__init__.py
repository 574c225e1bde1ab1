from .appropriation import Appropriation, AppropriationChange, Obligation
from .holds import PaymentHold
from .ledger import Account, Entry, Leg, PaymentRun
from .progress import RunApproval, RunProgress
from .schedule import MspRun

__all__ = [
    "Account",
    "Appropriation",
    "AppropriationChange",
    "Entry",
    "Leg",
    "MspRun",
    "Obligation",
    "PaymentHold",
    "PaymentRun",
    "RunApproval",
    "RunProgress",
]
