"""URLs of the student and parent pages (included into seats.web.urls under the "web" namespace).
Every view declares its permission (seats.web.permissions)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
