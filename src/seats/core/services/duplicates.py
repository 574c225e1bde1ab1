"""The state rejects a duplicate request (SPEC 3.4; Provider Manual, The USBE Responsibilities).

The state's rejection itself is ``requests.reject_as_state`` with the ``duplicate_request``
reason; this service adds the one fact that reason claims: another open request for the same
student, core code, school year and session exists (the key is explained in
``seats.core.selectors.duplicates``). The whole group is locked first, in id order, so two staff
rejecting the two halves of one pair at once cannot leave the student with no request at all.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import QuerySet

from seats.domain.errors import GuardFailed, InvalidInput
from seats.domain.statuses import OPEN

from ..models import CCA
from .actors import Actor
from .lifecycle import check_version
from .requests import reject_as_state

DUPLICATE_REASON = "duplicate_request"
_OPEN = sorted(s.value for s in OPEN)


def same_course_same_session(cca: CCA) -> QuerySet[CCA]:
    """The open CCAs of ``cca``'s student for the same core code, school year and session
    (``cca`` itself included while it is open)."""
    return CCA.objects.filter(
        status__in=_OPEN,
        student_id=cca.student_id,
        offering__core_code=cca.offering.core_code,
        school_year=cca.school_year,
        session=cca.session,
    )


def reject_duplicate(
    *, actor: Actor, cca_id: int, expected_version: int, as_of: date | None = None
) -> CCA:
    """Reject ``cca_id`` as a duplicate if another open request for the same course remains."""
    with transaction.atomic():
        try:
            cca = CCA.objects.select_related("offering").get(pk=cca_id)
        except (CCA.DoesNotExist, ValueError, TypeError):
            raise InvalidInput(f"There is no CCA {cca_id}.", field="cca") from None
        group = list(same_course_same_session(cca).select_for_update(of=("self",)).order_by("pk"))
        cca.refresh_from_db(fields=["version", "status"])
        check_version(cca, expected_version)
        if not any(other.pk != cca.pk for other in group):
            raise GuardFailed(
                f"CCA {cca.pk} is not a duplicate: the student has no other open request for "
                f"core code {cca.offering.core_code} in {cca.session} {cca.school_year}. The "
                "state may reject it only at a parent's request (the other state reason).",
                rule="SPEC 3.4: the state may reject a request that duplicates another",
            )
        return reject_as_state(
            actor=actor,
            cca_id=cca.pk,
            expected_version=expected_version,
            reason_code=DUPLICATE_REASON,
            as_of=as_of,
        )
