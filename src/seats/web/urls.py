"""URLs of the web application. Every view declares its permission (see permissions.py)."""

from django.urls import include, path, re_path

from . import documents, files, ssid, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("accounts/login/", views.login, name="login"),
    path("accounts/logout/", views.logout, name="logout"),
    path("role/", views.choose_role, name="choose_role"),
    path("language/", views.language, name="language"),
    path("ccas/", views.cca_list, name="ccas"),
    path("ccas/<int:pk>/", views.cca_detail, name="cca"),
    path("ccas/<int:pk>/ssid/", ssid.enter_ssid, name="cca_ssid"),
    *(
        path(f"ccas/<int:pk>/{slug}/", documents.document_page, {"slug": slug}, name=name)
        for slug, name in documents.PAGE_NAMES.items()
    ),
    *(
        path(f"ccas/<int:pk>/{slug}.pdf", documents.document_pdf, {"slug": slug}, name=name)
        for slug, name in documents.PDF_NAMES.items()
    ),
    re_path(r"^ccas/export\.(?P<file_format>csv|xlsx)$", files.export_queue, name="ccas_export"),
    path("imports/", files.upload, name="upload"),
    path("", include("seats.web.urls_school")),
    path("", include("seats.web.urls_provider")),
    path("", include("seats.web.urls_notices")),
    path("", include("seats.web.urls_family")),
    path("", include("seats.web.urls_account")),
    path("", include("seats.web.urls_state")),
    path("", include("seats.web.urls_funding")),
    path("", include("seats.web.urls_reports")),
    path("", include("seats.web.urls_compliance")),
    path("", include("seats.web.urls_home")),
    path("", include("seats.web.urls_membership")),
    path("", include("seats.web.urls_statements")),
    path("", include("seats.web.urls_adulted")),
]
