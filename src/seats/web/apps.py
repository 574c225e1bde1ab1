from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "seats.web"
    label = "seats_web"
    verbose_name = "SEATS web"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)
