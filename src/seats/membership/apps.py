from django.apps import AppConfig


class MembershipConfig(AppConfig):
    """Programs, enrollments, engagement events, continued-enrollment checks, warnings."""

    name = "seats.membership"
    label = "seats_membership"
    verbose_name = "SEATS pupil accounting"
    default_auto_field = "django.db.models.BigAutoField"
