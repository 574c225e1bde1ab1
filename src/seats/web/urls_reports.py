"""URLs of the reports pages (included into seats.web.urls under the "web" namespace). Every view
declares its permission (seats.web.permissions); the public ones need no sign-in."""

from django.urls import URLPattern, path

from .reports import imports, views

urlpatterns: list[URLPattern] = [
    path("reports/completion/", views.completion, name="report_completion"),
    path(
        "reports/completion/<int:pk>/",
        views.completion_provider,
        name="report_completion_provider",
    ),
    path("reports/annual/<int:pk>/<int:year>/", views.annual, name="report_annual"),
    path(
        "reports/annual/<int:pk>/<int:year>.<str:file_format>",
        views.annual_file,
        name="report_annual_file",
    ),
    path("reports/annual/<int:pk>/<int:year>/text/", views.annual_text, name="report_text"),
    path("reports/imports/", imports.report_imports, name="report_imports"),
    path("public/reports/", views.public_index, name="public_reports"),
    path("public/reports/<str:code>/<int:year>/", views.public_annual, name="public_report"),
    path(
        "public/reports/<str:code>/<int:year>.<str:file_format>",
        views.public_file,
        name="public_report_file",
    ),
]
