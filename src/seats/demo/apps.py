from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo and training data (``seats demo``): an app of its own so that core does not
    import it; it has no models."""

    name = "seats.demo"
    label = "seats_demo"
    verbose_name = "SEATS demo data"
