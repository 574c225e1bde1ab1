from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "seats.web"
    label = "seats_web"
    verbose_name = "SEATS web"
