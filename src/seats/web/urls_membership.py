"""URLs of the pupil-accounting pages (included into seats.web.urls, "web" namespace)."""

from django.urls import URLPattern, path, re_path

from .membership import views

urlpatterns: list[URLPattern] = [
    path("membership/roster/", views.roster, name="membership_roster"),
    path("membership/", views.lea, name="membership_lea"),
    path("membership/checks/", views.check, name="membership_check"),
    path("membership/upload/", views.upload, name="membership_upload"),
    path("membership/enrollments/<int:pk>/why/", views.why, name="membership_why"),
    re_path(
        r"^membership/adjustments\.(?P<file_format>csv|xlsx)$",
        views.adjustments_file,
        name="membership_adjustments",
    ),
]
