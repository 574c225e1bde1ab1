"""The full role x operation matrix of the API (issue 8, "Done when").

Every operation of the OpenAPI document (so a new endpoint is covered the day it is added) is
called with every role's token, in scope and out of scope, student-level endpoints included:

- no answer (body or headers) names a student outside the role's scope: no SSID, no name;
- no out-of-scope request writes anything (CCAs, history, notices, registrations, SSIDs);
- an out-of-scope record and a missing one get the same answer (status, type and detail, the
  id aside): the API is no oracle of which ids exist.

The scene is ``tests/api/scene.py`` (shared with test_access.py, which checks the CCA sets each
list returns).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from seats.api.api import api as ninja_api
from seats.core.models import CCA
from seats.domain.roles import PROVIDER_ROLES, Role
from tests.api.helpers import token_for_role
from tests.api.scene import Scene, snapshot, write_operations
from tests.factories import REGISTRATION

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

MISSING = 987_654
Body = Callable[[Scene, Any], dict]


def _submit(scene: Scene, student: Any) -> dict:
    return {
        "student_id": student.pk,
        "offering_id": scene.world.offering.pk,  # PRV1's: a provider passes its role check
        "school_year": 2025,
        "session": "S2",
    }


def _registration(scene: Scene, student: Any) -> dict:
    return {"provider": "PRV1", **REGISTRATION.__dict__}


def bodies(scene: Scene) -> dict[str, Body]:
    """A body the owning role could use, per operation id (a new write must add one here)."""
    out: dict[str, Body] = {
        "submit": _submit,
        "local_registration": _registration,
        "ssid": lambda _s, _t: {"ssid": "99887766"},
        "report_scores": lambda _s, _t: {"file_name": "s.csv", "content": "ssid,test\n"},
        "report_survey": lambda _s, _t: {
            "provider": "PRV1",
            "school_year": 2025,
            "file_name": "v.csv",
            "content": "question,responses,share favourable\nQ,20,75\n",
        },
    }
    for action, body in write_operations(scene):
        out[action.replace("-", "_")] = lambda _s, _t, body=body: body
    out["move"] = out.pop("moves")
    # pupil accounting (docs/membership.md): an LMS batch and a provider's feed
    out["post_events"] = lambda _s, student: {
        "source_system": "matrix",
        "events": [{"ssid": student.ssid, "program": "P", "date": "2025-09-02",
                    "kind": "assignment", "external_id": "m1"}],
    }  # fmt: skip
    out["post_provider_events"] = lambda s, _t: {
        "events": [{"cca_id": s.ccas["A"].pk, "date": "2025-09-02", "kind": "assignment",
                    "external_id": "m1"}],
    }  # fmt: skip
    # Pupil accounting's programs and enrollments: the scene has none, so an enrollment or a
    # program is the missing id (another LEA's: tests/api/test_membership_records.py).
    out["create_membership_program"] = lambda _s, _t: {
        "code": "MX", "name": "Matrix", "kind": "online", "calendar_id": MISSING,
    }  # fmt: skip
    out["update_membership_program"] = lambda _s, _t: {"name": "Matrix"}
    out["create_membership_enrollment"] = lambda _s, student: {
        "program_id": MISSING, "ssid": student.ssid or "1", "entry_on": "2025-09-02",
    }  # fmt: skip
    out["update_membership_enrollment"] = lambda _s, _t: {"in_yic": True}
    out["exit_membership_enrollment"] = lambda _s, _t: {"exit_on": "2025-09-30"}
    # Provider compliance: multipart uploads with no id in the path (always the caller's own
    # provider, tests/api/test_compliance.py); here a JSON body, refused as malformed.
    out["upload_tor"] = lambda _s, _t: {}
    out["upload_course_request"] = lambda _s, _t: {}
    # Adult education (issue 12): the scene has no program, so these reach nothing.
    out["hours"] = lambda _s, _t: {
        "program_id": MISSING,
        "entries": [
            {"enrollment_id": MISSING, "day": "2025-09-03", "kind": "instructional", "hours": "1"}
        ],
    }
    out["assessments"] = lambda _s, _t: {
        "enrollment_id": MISSING,
        "test": "TABE_9_10",
        "day": "2025-09-03",
        "administrator": "Kim",
        "scores": {"reading": {"scale": 400}},
    }
    # adult-ed data entry: a missing program, enrollment, hour entry or assessment
    out["register_adult_student"] = lambda _s, _t: {
        "program_id": MISSING,
        "fiscal_year": 2025,
        "first_name": "Mai",
        "last_name": "Tran",
        "date_of_birth": "1988-04-05",
        "entry_date": "2025-09-02",
        "area_of_focus": "ESOL",
        "funding_code": 3,
    }
    out["save_adult_seop"] = lambda _s, _t: {"core_goal": "Diploma", "core_goal_on": "2025-09-02"}
    out["set_adult_funding_code"] = lambda _s, _t: {"code": 2, "on": "2025-09-02"}
    out["void_adult_hour"] = lambda _s, _t: {"reason": "wrong student"}
    out["correct_adult_hour"] = lambda _s, _t: {"reason": "typo", "hours": 2}
    out["void_adult_assessment"] = lambda _s, _t: {"reason": "wrong student"}
    out["correct_adult_assessment"] = lambda _s, _t: {
        "reason": "typo",
        "test": "TABE_9_10",
        "day": "2025-09-03",
        "administrator": "Kim",
        "scores": {"reading": {"scale": 400}},
    }
    return out


#: Path parameters naming adult-education records: the scene has none, so a missing id.
#: Path ids with no record in the scene (adult education's, membership's): the missing id.
MISSING_IDS = ("{enrollment_id}", "{hour_id}", "{assessment_id}", "{program_id}")


def operations() -> list[tuple[str, str, str, dict]]:
    """(method, path, operation id, operation) for every operation the API documents."""
    schema = ninja_api.get_openapi_schema()
    return [
        (method.upper(), path, op["operationId"], op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
    ]


class Caller:
    def __init__(self, token: str) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"}

    def call(self, method: str, path: str, body: dict | None, etag: str | None = None):
        headers = dict(self.headers)
        if etag:
            headers["If-Match"] = etag
        if method == "GET":
            return self.client.get(path, headers=headers)
        return self.client.generic(
            method,
            path,
            data=json.dumps(body or {}, default=str),
            content_type="application/json",
            headers=headers,
        )


def text_of(response) -> str:
    return response.content.decode("utf-8", "replace") + json.dumps(dict(response.headers))


def forbidden_words(scene: Scene, role: Role) -> list[str]:
    words = []
    for student in scene.outside_students(role):
        words += [student.ssid, student.display_name, student.legal_last_name]
    return [w for w in words if w]


def problem(response) -> tuple[int, str, str]:
    try:
        body = json.loads(response.content)
    except ValueError:
        body = {}
    return response.status_code, body.get("type", ""), body.get("detail", "")


def expand(path: str, cca: int | None = None, student: int | None = None) -> str:
    for name in MISSING_IDS:
        path = path.replace(name, str(MISSING))
    return path.replace("{cca_id}", str(cca)).replace("{student_id}", str(student))


@pytest.mark.parametrize("role", list(Role))
def test_the_role_by_operation_matrix(scene: Scene, role: Role) -> None:
    caller = Caller(token_for_role(scene.world, role))
    words = forbidden_words(scene, role)
    examples = bodies(scene)
    unknown: list[str] = []
    cells = 0

    def check_leaks(response, what: str) -> None:
        assert response.status_code < 500, (role, what, response.content[:300])
        found = [w for w in words if w in text_of(response)]
        assert not found, (role, what, found)

    in_scope: list[tuple[str, str, dict | None, int | None]] = []
    for method, path, op_id, op in operations():
        params = {p["name"] for p in op.get("parameters", []) if p.get("in") == "path"}
        known = {"cca_id", "student_id", *(n.strip("{}") for n in MISSING_IDS)}
        # no adult-education record or membership program in the scene: those ids are missing
        if not params <= known:
            unknown.append(f"{op_id}: path parameters {sorted(params)}")
            continue
        make_body = examples.get(op_id)
        if method != "GET" and make_body is None:
            unknown.append(f"{op_id}: no example body in bodies()")
            continue

        # Out of scope: each CCA and each student outside the role's reach, next to a missing id.
        targets: list[tuple[int | None, int | None, Any]] = []
        if "cca_id" in params:
            targets += [(c.pk, None, c.student) for c in scene.outside(role)]
            targets.append((MISSING, None, None))
        elif "student_id" in params:
            targets += [(None, s.pk, s) for s in scene.outside_students(role)]
            targets.append((None, MISSING, None))
        elif op_id == "submit":
            targets += [(None, None, s) for s in scene.outside_students(role)]
        answers: dict[tuple, tuple[int, str, str]] = {}
        for cca_id, student_id, student in targets:
            before = snapshot()
            etag = None
            if cca_id is not None:
                real = CCA.objects.filter(pk=cca_id).first()
                etag = f'"cca-{cca_id}-v{real.version if real else 1}"'  # even the right one
            body = make_body(scene, student or scene.inside_student(role)) if make_body else None
            if op_id == "submit" and student is not None:
                body = _submit(scene, student)
            response = caller.call(method, expand(path, cca_id, student_id), body, etag)
            cells += 1
            what = (
                f"{method} {path} cca={cca_id} student={student_id or getattr(student, 'pk', None)}"
            )
            check_leaks(response, what)
            assert snapshot() == before, (role, what, "wrote out of scope")
            if cca_id is not None or student_id is not None:
                assert response.status_code in (403, 404), (role, what, response.content[:300])
                shown = str(cca_id if cca_id is not None else student_id)
                status, kind, detail = problem(response)
                answers[(cca_id, student_id)] = (status, kind, detail.replace(shown, "N"))
            else:  # a new request for an outside student: refused, for the role or as unknown
                assert response.status_code in (403, 404), (role, what, response.content[:300])
        # Out of scope and missing look the same.
        assert len(set(answers.values())) <= 1, (role, op_id, answers)
        if op_id == "submit" and role not in PROVIDER_ROLES:
            for student in scene.outside_students(role):  # by the student's facts, too
                before = snapshot()
                facts = {
                    "ssid": student.ssid,
                    "date_of_birth": student.date_of_birth.isoformat(),
                    "last_name": student.legal_last_name,
                }
                body = {**_submit(scene, student), "student_id": None, "student": facts}
                body.pop("student_id")
                response = caller.call(method, path, body)
                cells += 1
                check_leaks(response, f"submit by facts of {student.pk}")
                assert response.status_code in (403, 404)
                assert snapshot() == before
        inside_cca = scene.ccas["A"].pk if "cca_id" in params else None
        inside_student = scene.inside_student(role).pk if "student_id" in params else None
        in_scope.append((method, expand(path, inside_cca, inside_student), make_body, inside_cca))

    # In scope: every operation once (writes may change the scene, so they come last).
    for method, path, make_body, cca_id in in_scope:
        etag = None
        if cca_id is not None:
            etag = f'"cca-{cca_id}-v{CCA.objects.get(pk=cca_id).version}"'
        body = make_body(scene, scene.inside_student(role)) if make_body else None
        response = caller.call(method, path, body, etag)
        cells += 1
        check_leaks(response, f"{method} {path} (in scope)")
    assert not unknown, "operations the matrix cannot build a request for: " + "; ".join(unknown)
    assert cells >= len(operations())
