from django.apps import AppConfig


class SeatsConfig(AppConfig):
    name = "seats.core"
    label = "seats"
    verbose_name = "SEATS"
    default_auto_field = "django.db.models.BigAutoField"
