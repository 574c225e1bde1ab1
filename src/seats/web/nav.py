"""The main navigation: which links each role sees, in one table.

A page that belongs in the menu adds one ``NavItem`` here; the template only loops. The roles
must match (or be a subset of) the view's ``@allow`` roles, which tests/web/test_pages.py checks,
so the menu never offers a page that would answer "not found".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seats.domain.roles import (
    ADULTED_ROLES,
    FAMILY_ROLES,
    LEA_ROLES,
    MEMBERSHIP_ROLES,
    PROVIDER_ROLES,
    SCHOOL_ROLES,
    STATE_ACTING_ROLES,
    STATE_ROLES,
    Role,
)

from .permissions import ALL_ROLES, INBOX_ROLES, SOEP_STAFF_ROLES, STAFF_ROLES

#: Who finds the API token page in the menu: the staff roles, whose systems and scripts the API
#: serves (docs/api.md). The page itself is open to every signed-in person.
API_ROLES = STAFF_ROLES

PROVIDER, STATE, FAMILY = PROVIDER_ROLES, STATE_ROLES, FAMILY_ROLES

#: The SOEP's roles (the roles beside SOEP see none of its pages, roles.BESIDE_SOEP_ROLES).
SOEP = ALL_ROLES

#: The home of students and parents.
MY_COURSES = "web:my_courses"
SCHOOL, LEA = SCHOOL_ROLES, LEA_ROLES

#: Where each role lands after signing in (``web:home``): the page of its daily work.
HOME: dict[Role, str] = {
    Role.COUNSELOR: "web:caseload",
    Role.REGISTRAR: "web:caseload",
    Role.LEA_APPROVER: "web:lea_schools",
    Role.PROVIDER_STAFF: "web:ccas",
    Role.PROVIDER_ADMIN: "web:ccas",
    Role.STATE_SPECIALIST: "web:compliance",
    Role.STATE_ADMIN: "web:compliance",
    Role.AUDITOR: "web:compliance",
    Role.STUDENT: MY_COURSES,
    Role.PARENT: MY_COURSES,
    Role.TEACHER: "web:membership_roster",
    Role.PUPIL_ACCOUNTING: "web:membership_lea",
    Role.ADULTED_STAFF: "web:adulted_students",
    Role.ADULTED_DIRECTOR: "web:adulted_students",
    Role.ADULTED_SPECIALIST: "web:adulted_nrs",
}


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[Role]


NAV: tuple[NavItem, ...] = (
    NavItem(_("My courses"), MY_COURSES, FAMILY),
    NavItem(_("Adult education students"), "web:adulted_students", ADULTED_ROLES),
    NavItem(_("Attendance"), "web:adulted_attendance", ADULTED_ROLES),
    NavItem(_("NRS tables"), "web:adulted_nrs", ADULTED_ROLES),
    NavItem(_("Missing file items"), "web:adulted_files", ADULTED_ROLES),
    NavItem(_("K-12 WPU"), "web:adulted_wpu", ADULTED_ROLES),
    NavItem(_("Caseload"), "web:caseload", SCHOOL),
    NavItem(_("Schools"), "web:lea_schools", LEA),
    NavItem(_("At-risk students"), "web:lea_at_risk", LEA),
    NavItem(_("Course catalog"), "web:catalog", SOEP - {Role.LEA_APPROVER}),
    NavItem(_("Course requests"), "web:ccas", SOEP),
    NavItem(_("Roster"), "web:membership_roster", MEMBERSHIP_ROLES),
    NavItem(_("Membership"), "web:membership_lea", STATE | {Role.PUPIL_ACCOUNTING}),
    NavItem(_("Programs"), "web:membership_programs", STATE | {Role.PUPIL_ACCOUNTING}),
    NavItem(_("Upload engagement"), "web:membership_upload", MEMBERSHIP_ROLES),
    NavItem(_("Notices"), "web:notices", INBOX_ROLES),
    NavItem(_("Census worklist"), "web:census", PROVIDER),
    NavItem(_("Counselor contacts"), "web:contacts", PROVIDER),
    NavItem(_("Upload a file"), "web:upload", PROVIDER),
    NavItem(_("Teachers of record"), "web:compliance_provider", PROVIDER),
    NavItem(_("Course Request Spreadsheet"), "web:compliance_catalog_provider", PROVIDER),
    NavItem(_("Account security"), "web:account_security", STAFF_ROLES),
    NavItem(_("API tokens"), "seats-api-tokens", API_ROLES),
    NavItem(_("Payment statements"), "web:provider_statement", PROVIDER),
    NavItem(_("Withholding statements"), "web:lea_statement", LEA),
    NavItem(_("Compliance"), "web:compliance", STATE),
    NavItem(_("Completion rates"), "web:report_completion", STATE | PROVIDER),
    NavItem(_("Report data"), "web:report_imports", STATE_ACTING_ROLES),
    NavItem(_("TOR accountability"), "web:compliance_state", STATE),
    NavItem(_("Provider calendar"), "web:compliance_cycle_state", STATE),
    NavItem(_("Duplicates"), "web:duplicates", STATE),
    NavItem(_("Correction requests"), "web:corrections", STATE),
    NavItem(_("Access log"), "web:access_log", STATE),
    NavItem(_("Notice fallbacks"), "web:notice_fallbacks", STATE),
    NavItem(_("Payment runs"), "web:funding_runs", STATE_ACTING_ROLES),
    NavItem(_("Appropriation"), "web:funding_appropriation", STATE),
    NavItem(_("Funding summary"), "web:funding_summary", STATE),
    NavItem(_("Deadline calculator"), "web:deadline_calculator", SOEP_STAFF_ROLES),
)


def nav_items(request: HttpRequest) -> dict[str, object]:
    """Template context processor: ``nav`` is the (label, url, current) links of the role."""
    viewer = getattr(request, "viewer", None)
    if viewer is None or getattr(request, "seats_mfa_step", None):
        return {"nav": []}  # no menu of pages that would only send them to the code page
    links = []
    for item in NAV:
        if viewer.role in item.roles:
            url = reverse(item.url_name)
            links.append((item.label, url, request.path == url))
    return {"nav": links}
