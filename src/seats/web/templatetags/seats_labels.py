"""Template filters that show SEATS codes (statuses, deadlines, history actions, roles) in the
reader's language: ``{% load seats_labels %}`` then ``{{ cca.status|status_label }}``."""

from __future__ import annotations

from django import template

from seats.domain.calendars import school_year_label
from seats.web import labels

register = template.Library()

register.filter("status_label", labels.status_label)
register.filter("status_meaning", labels.status_meaning)
register.filter("step_label", labels.step_label)
register.filter("who_label", labels.who_label)
register.filter("role_label", labels.role_label)
register.filter("action_label", labels.action_label)
register.filter("reason_text", labels.reason_text)
register.filter("error_text", labels.error_text)
register.filter("rejection_reason", labels.rejection_reason)
register.filter("turn_text", labels.turn_text)
register.filter("may_until", labels.may_until)
register.filter("session_label", labels.session_label)
register.filter("school_year", school_year_label)  # 2025 -> "2025-26"


@register.filter
def deadline_label(deadline: object) -> str:
    """A ``Deadline`` (or its key) by name; an unknown key keeps the deadline's own label."""
    key = getattr(deadline, "key", deadline)
    return labels.deadline_label(str(key), getattr(deadline, "label", ""))
