"""The back office's app config (its own module: ``seats.web.apps`` may hold one AppConfig)."""

from django.contrib.admin.apps import AdminConfig


class SeatsAdminConfig(AdminConfig):
    """Django's admin with the back office's site class: /admin/ needs a verified second factor
    whenever the person's MFA is due (see seats.web.mfa.SeatsAdminSite)."""

    default_site = "seats.web.mfa.SeatsAdminSite"
