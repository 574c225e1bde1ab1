from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    """TOR accountability, the yearly provider cycle and record retention (issue 11, parts 3-5).
    Core never imports this app; it reads core and calls the funding app's hold service."""

    name = "seats.compliance"
    label = "seats_compliance"
    verbose_name = "SEATS compliance"
    default_auto_field = "django.db.models.BigAutoField"
