"""The hot list tables' rows rendered in Python (seats.web.rows): ``{% load seats_rows %}``.

- ``{% queue_rows page.object_list time_left_column bulk_approve lea_decides %}``: the request
  queue's ``<tr>`` rows (web/partials/cca_results.html).
- ``{% caseload_rows rows %}``: the counselor caseload's rows (web/home/caseload.html).
- ``{{ status|status_tag }}``: components/status_tag.html as a filter, for a tag in a loop.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from seats.web import rows

register = template.Library()

register.filter("status_tag", rows.status_tag)


@register.simple_tag
def queue_rows(
    object_list: Any, time_left_column: Any, bulk_approve: Any, lea_decides: Any
) -> SafeString:
    return rows.queue_rows(
        object_list,
        time_left_column=bool(time_left_column),
        bulk_approve=bool(bulk_approve),
        lea_decides=bool(lea_decides),
    )


@register.simple_tag
def caseload_rows(object_list: Any) -> SafeString:
    return rows.caseload_rows(object_list)
