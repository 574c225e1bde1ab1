"""URLs of the web app's provider pages (included into seats.web.urls under the "web" namespace).
Every view declares its permission (seats.web.permissions)."""

from django.urls import URLPattern, path

from . import files, provider

urlpatterns: list[URLPattern] = [
    path("provider/census/", provider.census, name="census"),
    path("provider/contacts/", provider.contacts, name="contacts"),
    path("provider/contacts.csv", files.export_contacts, name="contacts_export"),
    path("provider/ccas/<int:pk>/", provider.provider_cca, name="provider_cca"),
    path("provider/ccas/<int:pk>/act/", provider.provider_act, name="provider_act"),
]
