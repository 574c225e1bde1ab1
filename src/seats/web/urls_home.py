"""URLs of the role home pages (included into seats.web.urls under the "web" namespace): the
counselor's caseload and student page, the LEA's schools view and its lists. Every view declares
its permission (seats.web.permissions)."""

from django.urls import URLPattern, path

from . import home

urlpatterns: list[URLPattern] = [
    path("caseload/", home.caseload, name="caseload"),
    path("caseload/students/<int:pk>/", home.caseload_student, name="caseload_student"),
    path("lea/schools/", home.lea_schools, name="lea_schools"),
    path("lea/ccas/", home.lea_ccas, name="lea_ccas"),
    path("lea/at-risk/", home.lea_at_risk, name="lea_at_risk"),
]
