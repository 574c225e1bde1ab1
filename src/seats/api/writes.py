"""The one path every API write takes: scope, read-only roles, If-Match, Idempotency-Key, the
service call, and the answer (the CCA as it now is, with its new ETag).

Order matters. A replayed Idempotency-Key is answered first (a retried write must get its
original answer even though the ETag it sent is stale by now); then the record is fetched
through the access layer (404 outside the viewer's scope); then If-Match is required (428) and
compared (412); only then does a service act, with the version as ``expected_version`` so a
concurrent change between the check and the lock is a 412 too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from pydantic import BaseModel

from seats.core.models import CCA
from seats.core.selectors.access import Viewer, cca_for
from seats.core.services.actors import Actor
from seats.domain.errors import Conflict, DomainError, NotPermitted

from .auth import api_token, viewer
from .errors import ApiProblem, from_api_problem, from_domain, problem_response
from .models import IdempotencyRecord
from .schemas_out import CCADetail
from .serialize import DETAIL_RELATIONS, cca_detail, etag

IDEMPOTENCY_TTL = timedelta(hours=24)
_ETAG = re.compile(r'^(?:W/)?"cca-(\d+)-v(\d+)"$')
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
_REPLAYED_HEADERS = ("Content-Type", "ETag", "Location", "Retry-After")

CCAAction = Callable[[Actor, int], CCA]


def json_response(
    schema: type[BaseModel],
    data: object,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body = schema.model_validate(data).model_dump_json()
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def cca_response(
    cca_id: int, who: Viewer, *, status: int = 200, location: bool = False
) -> HttpResponse:
    cca = CCA.objects.select_related(*DETAIL_RELATIONS).get(pk=cca_id)
    headers = {"ETag": etag(cca)}
    if location:
        headers["Location"] = f"/api/v1/ccas/{cca.pk}"
    return json_response(
        CCADetail, cca_detail(cca, reader=who.role), status=status, headers=headers
    )


def require_writer(who: Viewer) -> None:
    if who.read_only:
        raise NotPermitted("A read-only role cannot change anything.", rule="SPEC 1 roles")


def expected_version(request: HttpRequest, cca: CCA) -> int:
    """The version the caller read (from If-Match), which must still be the current one."""
    raw = request.headers.get("If-Match", "").strip()
    if not raw:
        raise ApiProblem(
            428,
            "precondition-required",
            f"Writes to a CCA need If-Match with the ETag you read (now {etag(cca)}).",
            field="If-Match",
        )
    for candidate in raw.split(","):
        match = _ETAG.match(candidate.strip())
        if match and int(match[1]) == cca.pk and int(match[2]) == cca.version:
            return cca.version
    raise ApiProblem(
        412,
        "precondition-failed",
        f"CCA {cca.pk} changed since you read it (now version {cca.version}); read it again.",
        field="If-Match",
        headers={"ETag": etag(cca)},
    )


def cca_write(request: HttpRequest, cca_id: int, action: CCAAction) -> HttpResponse:
    """Run ``action(actor, expected_version)`` on a CCA the viewer can see."""
    who = viewer(request)

    def produce() -> HttpResponse:
        cca = cca_for(who, cca_id)
        require_writer(who)
        version = expected_version(request, cca)
        try:
            action(who.actor, version)
        except Conflict as exc:  # changed between our check and the service's lock
            return from_domain(request, exc, conflict_status=412)
        return cca_response(cca.pk, who)

    return idempotent(request, produce)


def write(request: HttpRequest, produce: Callable[[], HttpResponse]) -> HttpResponse:
    """A write that is not on one CCA (a new request, a local registration)."""
    require_writer(viewer(request))
    return idempotent(request, produce)


def guarded(request: HttpRequest, produce: Callable[[], HttpResponse]) -> HttpResponse:
    """Answer the refusals of the rules as problems, inside a savepoint so nothing partial
    stays written (and the idempotency record in the outer transaction survives)."""
    try:
        with transaction.atomic():
            return produce()
    except DomainError as exc:
        return from_domain(request, exc)
    except ApiProblem as exc:
        return from_api_problem(request, exc)
    except OverflowError:
        return problem_response(request, 422, "invalid-input", "A date or number is out of range.")


def idempotent(request: HttpRequest, produce: Callable[[], HttpResponse]) -> HttpResponse:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return guarded(request, produce)
    if not _KEY.match(key):
        return problem_response(
            request,
            422,
            "invalid-input",
            "An Idempotency-Key is 1-255 visible ASCII characters (a UUID is a good choice).",
            field="Idempotency-Key",
        )
    fingerprint = hashlib.sha256(
        b"\n".join([request.method.encode(), request.path.encode(), request.body])  # type: ignore[union-attr]
    ).hexdigest()
    with transaction.atomic():
        record, fresh = _claim(request, key, fingerprint)
        if not fresh:
            if record.fingerprint != fingerprint:
                return problem_response(
                    request,
                    409,
                    "idempotency-key-reused",
                    "This Idempotency-Key was used with a different request; use a new key.",
                    field="Idempotency-Key",
                )
            return _replay(record)
        response = guarded(request, produce)
        record.status_code = response.status_code
        record.body = response.content.decode("utf-8")
        record.headers = {h: response[h] for h in _REPLAYED_HEADERS if response.has_header(h)}
        record.save(update_fields=["status_code", "body", "headers"])
    return response


def _claim(request: HttpRequest, key: str, fingerprint: str) -> tuple[IdempotencyRecord, bool]:
    """Our row for (token, key): newly inserted (act) or the stored one (replay). A concurrent
    twin blocks on the unique key until the first commits, then replays its answer."""
    token, now = api_token(request), timezone.now()
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                token=token, key=key, fingerprint=fingerprint, created_at=now
            )
        # Answers older than a day are not replayed any more: drop this token's old ones.
        IdempotencyRecord.objects.filter(
            token=token, created_at__lte=now - IDEMPOTENCY_TTL
        ).delete()
        return record, True
    except IntegrityError:
        record = IdempotencyRecord.objects.select_for_update().get(token=token, key=key)
    if record.created_at <= now - IDEMPOTENCY_TTL:
        record.fingerprint, record.created_at = fingerprint, now
        record.status_code, record.body, record.headers = 0, "", {}
        record.save()
        return record, True
    return record, False


def _replay(record: IdempotencyRecord) -> HttpResponse:
    headers = dict(record.headers)
    response = HttpResponse(
        record.body,
        status=record.status_code,
        content_type=headers.pop("Content-Type", "application/json"),
    )
    for name, value in headers.items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response
