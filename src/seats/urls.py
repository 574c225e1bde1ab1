"""URL configuration. The role-based web application arrives with its own issue; the core serves
the back office (Django admin, state staff only) and a health check."""

from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.generic import TemplateView


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("", TemplateView.as_view(template_name="seats/home.html"), name="home"),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
]
