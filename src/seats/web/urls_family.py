"""URLs of the student and parent pages (included into seats.web.urls under the "web" namespace).
Every view declares its permission (seats.web.permissions)."""

from django.urls import URLPattern, path, re_path

from . import catalog, family, family_home

urlpatterns: list[URLPattern] = [
    path("my-courses/", family_home.my_courses, name="my_courses"),
    path("catalog/", catalog.catalog, name="catalog"),
    path("catalog/<int:pk>/request/", family.request_course, name="request_course"),
    # The provider code is optional so the page reverses without arguments (the URL walk);
    # without one the person is sent to the catalog, whose request pages link the form.
    re_path(
        r"^registration/(?:(?P<provider_code>[A-Za-z0-9_.-]+)/)?$",
        family.registration,
        name="registration",
    ),
]
