"""URLs of the state staff pages and the deadline calculator (included into seats.web.urls under
the "web" namespace). Every view declares its permission (seats.web.permissions)."""

from django.urls import URLPattern, path

from . import corrections, state

urlpatterns: list[URLPattern] = [
    path("state/compliance/", state.compliance, name="compliance"),
    path("state/compliance/overdue/", state.overdue, name="overdue"),
    path("state/compliance/overdue.csv", state.overdue_export, name="overdue_export"),
    path("state/duplicates/", state.duplicates, name="duplicates"),
    path("state/duplicates/<int:pk>/reject/", state.duplicate_reject, name="duplicate_reject"),
    path("state/corrections/", corrections.worklist, name="corrections"),
    path("state/access-log/", state.access_log_view, name="access_log"),
    path("state/notice-fallbacks/", state.notice_fallbacks, name="notice_fallbacks"),
    path("tools/deadlines/", state.deadline_calculator, name="deadline_calculator"),
]
