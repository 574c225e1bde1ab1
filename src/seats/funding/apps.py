from django.apps import AppConfig


class FundingConfig(AppConfig):
    """Payments to providers, withholding from LEAs, the home-school appropriation."""

    name = "seats.funding"
    label = "seats_funding"
    verbose_name = "SEATS funding"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Core calls this at every LEA approval, inside its transaction, without importing
        # this app (seats.core.services.extensions).
        from seats.core.services.extensions import register_lea_approval

        from .services.appropriation import check_home_approval

        register_lea_approval("funding.appropriation", check_home_approval)
