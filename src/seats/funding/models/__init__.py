from .holds import PaymentHold
from .ledger import Account, Entry, Leg, PaymentRun
from .schedule import MspRun

__all__ = ["Account", "Entry", "Leg", "MspRun", "PaymentHold", "PaymentRun"]
