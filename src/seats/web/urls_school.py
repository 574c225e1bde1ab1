"""URLs of the web app's school pages (included into seats.web.urls under the "web" namespace).
Every view declares its permission (seats.web.permissions)."""

from django.urls import URLPattern, path

from . import school, school_bulk

urlpatterns: list[URLPattern] = [
    path("ccas/bulk-approve/", school_bulk.bulk_approve, name="school_bulk_approve"),
    *(
        path(
            f"ccas/<int:pk>/{name.replace('_', '-')}/",
            school.action_view(action),
            name=f"school_{name}",
        )
        for name, action in school.ACTIONS.items()
    ),
]
