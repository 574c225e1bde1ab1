"""The rows of the hot list tables, rendered in Python (issue 14: pages within twice their SQL).

A Django template spends about 40 node renders per cell-rich row (each ``{% translate %}``,
``{% url %}``, ``{% include %}`` and variable lookup is one): for the queue's 50 rows that was two
thirds of the page's CPU. These functions write the same markup as the templates did, cell for
cell, with the column labels translated once per page and each row's address reversed once.
The table around the rows (caption, headings, pagination) stays in the templates and their
components; ``status_tag`` here writes what ``components/status_tag.html`` writes.

Used from the templates through ``{% load seats_rows %}`` (templatetags/seats_rows.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from seats.domain.statuses import Status

from . import labels
from .lifecycle import tag_family

DASH = "—"


def _e(value: object) -> str:
    """Escaped as Django escapes (``conditional_escape``) without its lazy-string wrapper: the
    rows call it thousands of times a page."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def status_tag(status: object) -> SafeString:
    """A CCA status as a USWDS tag, exactly as ``components/status_tag.html`` renders it."""
    return mark_safe(
        f'<span class="usa-tag seats-tag seats-tag--{_e(tag_family(status))}">'
        f"{_e(labels.status_label(status))}</span>"
    )


def _cell(label: str, content: object, classes: str = "") -> str:
    if classes:
        return f'<td data-label="{_e(label)}" class="{classes}">{_e(content)}</td>'
    return f'<td data-label="{_e(label)}">{_e(content)}</td>'


class _QueueLabels:
    """The queue's column labels and fixed words, translated once for the page."""

    def __init__(self) -> None:
        self.submitted = gettext("Submission Date")
        self.student = gettext("Student")
        self.counselor = gettext("Counselor")
        self.session = gettext("Session")
        self.course = gettext("Course")
        self.credit = gettext("Credit")
        self.provider = gettext("Provider")
        self.status = gettext("Status")
        self.seop = gettext("SEOP Consistent")
        self.time_left = gettext("Time left (LEA decision)")
        self.select = gettext("Select")
        self.actions = gettext("Actions")
        self.yes, self.no = gettext("Yes"), gettext("No")
        self.approve, self.reject = gettext("Approve"), gettext("Reject")
        self.open = gettext("Open request")
        self.select_one = gettext("Select %(who)s, %(what)s")


def queue_rows(
    rows: Iterable[Any], *, time_left_column: bool, bulk_approve: bool, lea_decides: bool
) -> SafeString:
    """The ``<tr>`` of each CCA in the request queue (web/partials/cca_results.html)."""
    text = _QueueLabels()
    return mark_safe(
        "\n".join(_queue_row(c, text, time_left_column, bulk_approve, lea_decides) for c in rows)
    )


def _queue_row(
    c: Any, text: _QueueLabels, time_left_column: bool, bulk_approve: bool, lea_decides: bool
) -> str:
    href = _e(reverse("web:cca", args=[c.pk]))
    who, what = _e(c.student.display_name), _e(c.offering.provider_title)
    counselor = (c.counselor.get_full_name() or c.counselor.username) if c.counselor else DASH
    status = status_tag(c.status)
    turn = getattr(c, "turn", "")
    if turn:
        bold = " text-bold" if getattr(c, "your_turn", False) else ""
        status = mark_safe(
            f'{status}<br><span class="turn{bold}">{_e(labels.turn_text(turn))}</span>'
        )
    seop = DASH if c.seop_consistent is None else (text.yes if c.seop_consistent else text.no)
    cells = [
        _cell(text.submitted, date_filter(c.submitted_on, "n/j/Y")),
        _cell(text.student, mark_safe(f'<a href="{href}">{who}</a>')),
        _cell(text.counselor, counselor),
        _cell(text.session, labels.session_label(c)),
        _cell(text.course, mark_safe(what)),
        _cell(text.credit, localize(c.credit_attempted)),
        _cell(text.provider, c.provider.name),
        _cell(text.status, status),
        _cell(text.seop, seop),
    ]
    if time_left_column:
        cells.append(_time_left_cell(c, text))
    pending = c.status == Status.PENDING_EXECUTION and not c.lea_decision
    if bulk_approve:
        cells.append(_cell(text.select, _pick(c, text, who, what) if pending else DASH))
    actions = []
    if lea_decides and pending:
        for url, label in (
            (reverse("web:school_lea_approve", args=[c.pk]), text.approve),
            (reverse("web:school_lea_reject", args=[c.pk]), text.reject),
        ):
            actions.append(_action(_e(url), label, who, what))
    actions.append(_action(href, text.open, who, what))
    listed = mark_safe(f'<ul class="usa-list usa-list--unstyled">{"".join(actions)}</ul>')
    cells.append(_cell(text.actions, listed, "row-actions"))
    return "<tr>\n" + "".join(cells) + "\n</tr>"


def _time_left_cell(c: Any, text: _QueueLabels) -> str:
    left = getattr(c, "time_left", None)
    overdue = bool(left and left.overdue)
    if not left:
        content: object = DASH
    elif overdue:
        content = mark_safe(f"<strong>{_e(left.label)}</strong>")
    else:
        content = left.label
    return _cell(text.time_left, content, "time-left overdue" if overdue else "time-left")


def _pick(c: Any, text: _QueueLabels, who: str, what: str) -> SafeString:
    """The bulk approval checkbox (``who`` and ``what`` arrive escaped)."""
    value = f"{c.pk}:{c.version}"
    # blocktranslate escapes the variables, not the sentence; the sentence has no markup.
    sr = text.select_one % {"who": who, "what": what}
    return mark_safe(
        f'<div class="usa-checkbox"><input class="usa-checkbox__input" type="checkbox" '
        f'name="approve" value="{value}" id="pick-{c.pk}" data-label="{who} · {what}"><label '
        f'class="usa-checkbox__label" for="pick-{c.pk}"><span class="usa-sr-only">{sr}</span>'
        f'</label></div><input type="hidden" name="page_pick" value="{value}">'
    )


def _action(url: str, label: str, who: str, what: str) -> str:
    """One link of the actions cell (``url``, ``who`` and ``what`` arrive escaped)."""
    return (
        f'<li><a class="usa-link" href="{url}">{_e(label)}'
        f'<span class="usa-sr-only">: {who}, {what}</span></a></li>'
    )


class _CaseloadLabels:
    """The caseload's column labels and fixed words, translated once for the page."""

    def __init__(self) -> None:
        self.student = gettext("Student")
        self.grade = gettext("Grade")
        self.open = gettext("Open CCAs")
        self.completed = gettext("Completed")
        self.progress = gettext("Lowest progress")
        self.at_risk = gettext("At risk")
        self.activity = gettext("Days since last activity")
        self.next_due = gettext("Next deadline")
        self.none_reported = gettext("none reported")
        self.yes, self.no = gettext("Yes"), gettext("No")
        self.no_activity = gettext("no activity reported")
        self.overdue = gettext("Overdue:")
        self.nothing_open = gettext("nothing open")
        self.as_of = gettext("as of %(day)s")
        self.since = gettext("since %(day)s")


def caseload_rows(rows: Iterable[Any]) -> SafeString:
    """The ``<tr>`` of each student of the counselor's caseload (web/home/caseload.html)."""
    text = _CaseloadLabels()
    return mark_safe("\n".join(_caseload_row(r, text) for r in rows))


def _caseload_row(r: Any, text: _CaseloadLabels) -> str:
    href = _e(reverse("web:caseload_student", args=[r.student_id]))
    student = f'<a href="{href}">{_e(r.name)}</a>'
    if r.ssid:
        student += f' <span class="sub">{_e(r.ssid)}</span>'
    if r.lowest_progress is not None:
        progress = f"{_e(floatformat(r.lowest_progress, '-1'))}%"
        if r.progress_letter:
            progress += f" {_e(r.progress_letter)}"
        if r.progress_as_of:
            day = _e(date_filter(r.progress_as_of, "n/j/Y"))
            progress += f' <span class="sub">{text.as_of % {"day": day}}</span>'
    else:
        progress = _e(text.none_reported)
    if r.at_risk:
        at_risk = f'<strong class="warn">{_e(text.yes)}</strong>'
        if r.at_risk_since:
            at_risk += " " + text.since % {"day": _e(date_filter(r.at_risk_since, "n/j/Y"))}
    else:
        at_risk = _e(text.no)
    if r.days_since_activity is not None:
        days = r.days_since_activity
        activity = ngettext("%(days)s day", "%(days)s days", days) % {"days": _e(localize(days))}
    else:
        activity = _e(text.no_activity)
    if r.next_due:
        due = f'<strong class="warn">{_e(text.overdue)}</strong> ' if r.next_due_overdue else ""
        due += _e(date_filter(r.next_due, "n/j/Y"))
        for d in r.next_due_what:
            due += f'<br><span class="rule">{_e(d.label)} ({_e(d.who)})</span>'
    else:
        due = _e(text.nothing_open)
    cells = (
        _cell(text.student, mark_safe(student)),
        _cell(text.grade, localize(r.grade)),
        _cell(text.open, localize(r.open_count)),
        _cell(text.completed, localize(r.completed_count)),
        _cell(text.progress, mark_safe(progress)),
        _cell(text.at_risk, mark_safe(at_risk)),
        _cell(text.activity, mark_safe(activity)),
        _cell(text.next_due, mark_safe(due)),
    )
    return "<tr>\n" + "".join(cells) + "\n</tr>"
