"""URLs of the reports pages (included into seats.web.urls under the "web" namespace). Every view
declares its permission (seats.web.permissions); the public ones need no sign-in.

The provider and the school year are query parameters (``?provider=<id>&year=2025``; the public
pages take the provider's code): a provider's staff default to their own provider."""

from django.urls import URLPattern, path

from .reports import imports, views

urlpatterns: list[URLPattern] = [
    path("reports/completion/", views.completion, name="report_completion"),
    path("reports/completion/provider/", views.completion_provider, name="report_provider"),
    path("reports/annual/", views.annual, name="report_annual"),
    path("reports/annual.<str:file_format>", views.annual_file, name="report_annual_file"),
    path("reports/annual/text/", views.annual_text, name="report_text"),
    path("reports/imports/", imports.report_imports, name="report_imports"),
    path("public/reports/", views.public_index, name="public_reports"),
    path("public/reports/annual/", views.public_annual, name="public_report"),
    path("public/reports/annual.<str:file_format>", views.public_file, name="public_report_file"),
]
