"""RFC 9457 problem details: every error the API answers is ``application/problem+json``.

A problem names the rule or the field so the caller can act on it. Domain errors keep their own
messages (written for the person who may see the record); nothing else from the server's
internals (stack traces, SQL, other people's data) reaches the response.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from seats.core import busy
from seats.domain.citations import staff_citation
from seats.domain.errors import (
    Conflict,
    DomainError,
    GuardFailed,
    Ineligible,
    InvalidInput,
    MoveNotAllowed,
    NotFound,
    NotPermitted,
)

PROBLEM_TYPE = "application/problem+json"
TYPE_BASE = "urn:seats:problem:"
log = logging.getLogger("seats.api")

TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Not permitted",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict with the record's state",
    412: "Precondition failed",
    413: "Request body too large",
    422: "Unprocessable input",
    428: "Precondition required",
    429: "Too many requests",
    500: "Server error",
}


class ProblemReason(Schema):
    code: str
    message: str
    rule: str
    citation: str
    kind: str


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    """RFC 9457 problem details, with SEATS' extension members."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    rule: str | None = None
    citation: str | None = None
    field: str | None = None
    allowed: list[str] | None = None
    reasons: list[ProblemReason] | None = None
    errors: list[FieldError] | None = None


class ApiProblem(Exception):
    """Raised by the API layer itself (If-Match missing or stale, idempotency misuse...)."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        field: str | None = None,
        rule: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.field, self.rule, self.headers = field, rule, headers or {}


def problem_response(
    request: HttpRequest,
    status: int,
    code: str,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if extra.get("rule"):
        # `rule` is the rule's stable identifier in SEATS; `citation` is where a person looks it
        # up (the Provider Manual's part, the Board rule's numbers), as the pages cite it.
        extra["citation"] = staff_citation(str(extra["rule"]))
    body.update({k: v for k, v in extra.items() if v not in (None, "")})
    response = HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def domain_status(exc: DomainError, *, conflict_status: int = 409) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, NotPermitted):
        return 403
    if isinstance(exc, Conflict):
        return conflict_status
    if isinstance(exc, MoveNotAllowed | GuardFailed):
        return 409
    if isinstance(exc, InvalidInput | Ineligible):
        return 422
    return 400


def from_domain(
    request: HttpRequest, exc: DomainError, *, conflict_status: int = 409
) -> HttpResponse:
    status = domain_status(exc, conflict_status=conflict_status)
    extra: dict[str, Any] = {"rule": exc.rule or None, "field": exc.field}
    if isinstance(exc, MoveNotAllowed):
        extra["allowed"] = list(exc.allowed)
    if isinstance(exc, Ineligible):
        extra["reasons"] = [_reason(r) for r in exc.reasons]
    code = "precondition-failed" if status == 412 else exc.code.replace("_", "-")
    return problem_response(request, status, code, exc.message, **extra)


def _reason(reason: object) -> dict[str, str]:
    return {
        "code": str(getattr(reason, "code", "")),
        "message": str(getattr(reason, "message", reason)),
        "rule": str(getattr(reason, "rule", "")),
        "citation": staff_citation(str(getattr(reason, "rule", ""))),
        "kind": str(getattr(reason, "kind", "")),
    }


def from_api_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(
        request,
        exc.status,
        exc.code,
        exc.detail,
        headers=exc.headers,
        field=exc.field,
        rule=exc.rule,
    )


def from_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field_name(e.get("loc", ())), "message": str(e.get("msg", "is not valid"))}
        for e in exc.errors
    ]
    first = errors[0] if errors else {"field": "", "message": "is not valid"}
    detail = "; ".join(f"{e['field'] or 'body'}: {e['message']}" for e in errors)
    return problem_response(
        request, 422, "invalid-input", detail, field=first["field"] or None, errors=errors
    )


def _field_name(loc: Any) -> str:
    """``("body", "payload", "to")`` -> ``to``; ``("query", "limit")`` -> ``limit``."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "payload")]
    return ".".join(parts)


def from_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    headers = {}
    if isinstance(exc, AuthenticationError):
        headers["WWW-Authenticate"] = 'Bearer realm="seats"'
        detail = "Send a valid API token: Authorization: Bearer <token>."
        return problem_response(request, status, "not-authenticated", detail, headers=headers)
    if status == 400:
        # ninja's text here is "Cannot parse request body" and similar: safe to pass on.
        return problem_response(request, 400, "bad-request", str(exc) or "Bad request.")
    return problem_response(request, status, f"http-{status}", TITLES.get(status, "Error"))


def not_found(request: HttpRequest, exc: Exception | None = None) -> HttpResponse:
    return problem_response(
        request, 404, "not-found", f"There is no API resource at {request.path}."
    )


def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if busy.is_busy(exc):  # SQLite still locked after its busy timeout: retry, not a 500
        log.warning("API busy database on %s %s: %s", request.method, request.path, exc)
        headers = {"Retry-After": str(busy.RETRY_AFTER_SECONDS)}
        return problem_response(request, 409, "database-busy", busy.MESSAGE, headers=headers)
    log.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem_response(
        request, 500, "server-error", "The server failed to answer; the error was logged."
    )


def too_big(request: HttpRequest, exc: Exception | None = None) -> HttpResponse:
    """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django refuses to read it): 413, not 500."""
    return problem_response(request, 413, "payload-too-large", too_big_detail())


def too_big_detail() -> str:
    from django.conf import settings

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return (
        f"The request body is larger than this server accepts ({limit / 1_000_000:.1f} MB "
        "outside uploaded files). Send less data per request."
    )
