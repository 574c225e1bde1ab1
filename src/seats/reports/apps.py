from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Completion rates and the annual provider report (SPEC 7)."""

    name = "seats.reports"
    label = "seats_reports"
    verbose_name = "SEATS reports"
    default_auto_field = "django.db.models.BigAutoField"
