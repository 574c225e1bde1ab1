"""schemathesis over the whole OpenAPI document: for every operation, generated requests (valid
and invalid) never get a server error, and every answer matches the documented status codes,
content types, headers and schemas. Bounded (few examples per operation) to stay fast."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import PositiveDataAcceptanceConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from seats.domain.roles import Role
from tests.api.helpers import token_for_role

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    positive_data_acceptance,
]


#: "Positive data acceptance": a request the document calls valid is accepted, or refused only
#: for the state of the records (409, and 412 for an If-Match that is not the CCA's current
#: ETag: a well-formed ETag the server cannot know in advance), for the caller's scope (403,
#: 404) or the rate limit (429). Never 400, 422 or 428 for schema-valid input.
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "412", "429", "5xx"]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
    expected_statuses=ACCEPTED
)


@pytest.fixture
def api_schema():
    return schema


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django closes database connections when a WSGI request ends; the test client turns that
    off, and so must calls through the WSGI app, or the test transaction would be closed."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(world, clock):
    """A world with requests in several states, so lists and the feed answer with rows."""
    world.register()
    world.enrolled()
    world.submit(offering=world.offering_full_credit)
    with override_settings(SEATS_API_RATE_LIMIT=0):
        yield token_for_role(world, Role.STATE_SPECIALIST)


#: Creating records is refused by rules on the records a request names (the offering's sessions,
#: eligibility, a provider code that must exist), which no schema can state: a 422 there is
#: accepted when it is such a refusal (a problem from the rules), never a parser's (``errors``).
RULE_CHECKED = {
    "POST /api/v1/ccas",
    "POST /api/v1/students/{student_id}/local-registration",
    "POST /api/v1/students/{student_id}/ssid",  # the SSID's format and uniqueness
    # pupil accounting: each event is checked by the rules (named by item and field), not the
    # schema, so a batch of schema-valid objects is refused for its rows' content
    "POST /api/v1/membership/events",
    "POST /api/v1/membership/provider-events",
    # adult education: a score against the NRS table, a day against the enrollment and birth
    "POST /api/v1/adult-ed/hours",
    "POST /api/v1/adult-ed/assessments",
    # adult-ed data entry: dates against today, birth and the program year; a correction
    # against the entry it corrects
    "POST /api/v1/adult-ed/students",
    "PUT /api/v1/adult-ed/students/{enrollment_id}/seop",
    "POST /api/v1/adult-ed/students/{enrollment_id}/funding-code",
    "POST /api/v1/adult-ed/hours/{hour_id}/correction",
    "POST /api/v1/adult-ed/assessments/{assessment_id}/correction",
}


def _refused_by_the_rules(case, response) -> bool:  # type: ignore[no-untyped-def]
    if case.operation.label not in RULE_CHECKED or response.status_code != 422:
        return False
    body = response.json()
    return "errors" not in body and body["type"].startswith("urn:seats:problem:")


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case, seeded) -> None:
    response = case.call(headers={"Authorization": f"Bearer {seeded}"})
    excluded = [positive_data_acceptance] if _refused_by_the_rules(case, response) else []
    case.validate_response(response, checks=CHECKS, excluded_checks=excluded)


@pytest.mark.django_db
def test_answers_about_real_records_match_the_schema(api_schema, seeded, world) -> None:
    """Generated ids rarely hit a record: check the real ones explicitly."""
    from seats.core.models import CCA

    headers = {"Authorization": f"Bearer {seeded}"}
    for cca in CCA.objects.all():
        case = api_schema["/api/v1/ccas/{cca_id}"]["GET"].Case(path_parameters={"cca_id": cca.pk})
        response = case.call(headers=headers)
        assert response.status_code == 200
        case.validate_response(response, checks=CHECKS)
        move = api_schema["/api/v1/ccas/{cca_id}/moves"]["POST"].Case(
            path_parameters={"cca_id": cca.pk},
            body={"to": "rejected_by_state", "reason": "duplicate"},
        )
        response = move.call(headers={**headers, "If-Match": f'"cca-{cca.pk}-v{cca.version}"'})
        assert response.status_code in (200, 409)
        move.validate_response(response, checks=CHECKS)
    for path in ("/ccas", "/events", "/notices", "/catalog", "/counselor-contacts", "/teachers"):
        case = api_schema[f"/api/v1{path}"]["GET"].Case()
        response = case.call(headers=headers)
        assert response.status_code == 200, path
        case.validate_response(response, checks=CHECKS)
