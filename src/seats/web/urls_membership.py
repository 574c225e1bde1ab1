"""URLs of the pupil-accounting pages (included into seats.web.urls, "web" namespace)."""

from django.urls import URLPattern, path, re_path

from .membership import records, views

urlpatterns: list[URLPattern] = [
    path("membership/roster/", views.roster, name="membership_roster"),
    path("membership/", views.lea, name="membership_lea"),
    path("membership/checks/", views.check, name="membership_check"),
    path("membership/upload/", views.upload, name="membership_upload"),
    path("membership/enrollments/<int:pk>/why/", views.why, name="membership_why"),
    path("membership/programs/", records.programs, name="membership_programs"),
    path("membership/programs/new/", records.program_new, name="membership_program_new"),
    path("membership/programs/<int:pk>/", records.program, name="membership_program"),
    path(
        "membership/programs/<int:pk>/edit/", records.program_edit, name="membership_program_edit"
    ),
    path("membership/programs/<int:pk>/enroll/", records.enroll, name="membership_enroll"),
    path("membership/enrollments/<int:pk>/", records.enrollment, name="membership_enrollment"),
    path(
        "membership/enrollments/<int:pk>/edit/",
        records.enrollment_edit,
        name="membership_enrollment_edit",
    ),
    path(
        "membership/enrollments/<int:pk>/exit/",
        records.enrollment_exit,
        name="membership_enrollment_exit",
    ),
    re_path(
        r"^membership/adjustments\.(?P<file_format>csv|xlsx)$",
        views.adjustments_file,
        name="membership_adjustments",
    ),
]
