from django.apps import AppConfig


class FundingConfig(AppConfig):
    """Payments to providers, withholding from LEAs, the home-school appropriation."""

    name = "seats.funding"
    label = "seats_funding"
    verbose_name = "SEATS funding"
    default_auto_field = "django.db.models.BigAutoField"
