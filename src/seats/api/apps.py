from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "seats.api"
    label = "seats_api"
    verbose_name = "SEATS API"
    default_auto_field = "django.db.models.BigAutoField"
