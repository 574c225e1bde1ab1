"""URLs of the compliance pages (seats.web.compliance; included into seats.web.urls under the
"web" namespace). Every view declares its permission (seats.web.permissions)."""

from django.urls import URLPattern, path

from .compliance import cycle, tor

urlpatterns: list[URLPattern] = [
    path("provider/tor/", tor.provider_page, name="compliance_provider"),
    path(
        "provider/tor/spreadsheet.xlsx", tor.provider_download, name="compliance_provider_download"
    ),
    path("provider/tor/upload/", tor.provider_upload, name="compliance_provider_upload"),
    path("provider/calendar.ics", cycle.provider_ics, name="compliance_provider_ics"),
    path("provider/course-request/", cycle.catalog_provider, name="compliance_catalog_provider"),
    path("state/tor/", tor.state_overview, name="compliance_state"),
    path("state/tor/provider/", tor.state_provider, name="compliance_state_provider"),
    path("state/tor/act/", tor.state_act, name="compliance_state_act"),
    path("state/provider-cycle/", cycle.cycle_state, name="compliance_cycle_state"),
    path("state/provider-cycle/done/", cycle.cycle_done, name="compliance_cycle_done"),
    path("state/course-requests/", cycle.catalog_state, name="compliance_catalog_state"),
]
