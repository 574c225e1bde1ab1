from django.apps import AppConfig


class AdultEducationConfig(AppConfig):
    """The student record system of adult-education programs (UTopia's job)."""

    name = "seats.adulted"
    label = "seats_adulted"
    verbose_name = "SEATS adult education"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # SOEP eligibility (SPEC 3.4): a K-12 student with an open adult-education enrollment
        # is not eligible. Core reads the fact through its extension point, never this app.
        from seats.core.services.extensions import register_adult_education_check

        from .selectors.soep import has_open_enrollment, open_enrollment_ssids

        register_adult_education_check(has_open_enrollment, batch=open_enrollment_ssids)
