"""URLs of the web app's notices pages (included into seats.web.urls under the "web" namespace).
Every view declares its permission (seats.web.permissions)."""

from django.urls import URLPattern, path

from . import notices

urlpatterns: list[URLPattern] = [
    path("notices/", notices.inbox, name="notices"),
    path("notices/<int:pk>/", notices.notice, name="notice"),
    path("notices/<int:pk>/read/", notices.mark_as_read, name="notice_read"),
]
