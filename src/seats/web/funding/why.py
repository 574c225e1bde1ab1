""" "Why (not) paid" on the CCA page (SPEC 6; issue 10 item 5): the fee with its tier and policy
setting, and each half: paid in which run, due in which month, or held back and why.

Shown to state staff, the CCA's provider and the LEA approver: the parties of the payment and
the withholding. Families and school staff do not see it (SPEC 6 names none of them). The
viewer already passed the CCA's scope (``visible_cca``); the explanation costs a constant number
of queries (``seats.funding.selectors.why``).
"""

from __future__ import annotations

from seats.core.models import CCA
from seats.funding.selectors.why import WHY_PAID_ROLES, WhyPaid, why_paid


def why_for(viewer: object, cca: CCA) -> WhyPaid | None:
    if getattr(viewer, "role", None) not in WHY_PAID_ROLES:
        return None
    return why_paid(cca_id=cca.pk)
