"""URLs of the funding pages (included into seats.web.urls under the "web" namespace). Every
view declares its permission (seats.web.permissions)."""

from django.urls import URLPattern, path

from .funding import appropriation, runs

urlpatterns: list[URLPattern] = [
    path("funding/runs/", runs.run_page, name="funding_runs"),
    path("funding/runs/progress/", runs.run_progress, name="funding_run_progress"),
    path("funding/appropriation/", appropriation.appropriation_page, name="funding_appropriation"),
]
