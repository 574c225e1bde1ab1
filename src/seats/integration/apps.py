from django.apps import AppConfig


class IntegrationConfig(AppConfig):
    name = "seats.integration"
    label = "seats_integration"
    verbose_name = "SEATS data exchange"
    default_auto_field = "django.db.models.BigAutoField"
