"""URLs under /api/v1/: the token page, the NinjaAPI, and a problem+json 404 for the rest."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from . import views
from .api import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="seats_api:openapi-view"), name="seats-api-root"),
    path("tokens/", views.tokens_page, name="seats-api-tokens"),
    path("tokens/<str:prefix>/revoke/", views.revoke, name="seats-api-token-revoke"),
    path("", api.urls),
    re_path(r"^.*$", views.unknown_route, name="seats-api-unknown"),
]
