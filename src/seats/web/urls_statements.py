"""URLs of the funding statements (included into seats.web.urls under the "web" namespace).
Every view declares its permission (seats.web.permissions). The organisation and the month are
query parameters (``?provider=PRV1&month=2027-02``): codes and months, never personal data."""

from django.urls import URLPattern, path, re_path

from .statements import exports, views

FILE = r"\.(?P<file_format>csv|xlsx)$"

urlpatterns: list[URLPattern] = [
    path("statements/provider/", views.provider_statement_view, name="provider_statement"),
    re_path(
        rf"^statements/provider{FILE}",
        exports.export_provider_statement,
        name="provider_statement_export",
    ),
    path("statements/lea/", views.lea_statement_view, name="lea_statement"),
    re_path(rf"^statements/lea{FILE}", exports.export_lea_statement, name="lea_statement_export"),
    path("statements/summary/", views.funding_summary, name="funding_summary"),
    re_path(rf"^statements/summary{FILE}", exports.export_summary, name="funding_summary_export"),
]
