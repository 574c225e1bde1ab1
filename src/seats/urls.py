"""URL configuration: the web application (every view declares its permission, see
seats.web.permissions), the back office for state staff (Django admin) and the API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("seats.api.urls")),
    path("", include("seats.web.urls")),
]

handler400 = "seats.web.errors.bad_request"  # a body over the limit is 413 (seats.web.errors)
