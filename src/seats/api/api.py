"""The NinjaAPI at /api/v1: routers, the bearer-token auth, problem+json for every error, and
the OpenAPI 3.1 document (with problem responses typed ``application/problem+json``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import DocsBase

from seats.domain.errors import DomainError

from . import errors
from .auth import TokenAuth
from .pagination import CURSOR_PATTERN
from .routers import (
    actions,
    adulted,
    catalog,
    ccas,
    compliance,
    feed,
    funding,
    membership,
    reports,
    requests,
    statements,
)
from .schemas_in import NO_NUL

DESCRIPTION = """The SEATS API for providers' systems, LEAs and the state. Every request
acts as one role at one organisation (the token's) and sees exactly what that role sees in the
web app. Errors are RFC 9457 problem details. See docs/api.md for tokens, pagination, ETags,
Idempotency-Key, rate limits and the change feed."""


class LocalSwagger(DocsBase):
    """Swagger UI served from this app's static files (no CDN)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
        }
        context = {
            "title": api.title,
            "settings": settings,
            "css": static("seats_api/swagger/swagger-ui.css"),
            "bundle": static("seats_api/swagger/swagger-ui-bundle.js"),
            "init": static("seats_api/swagger/init.js"),
        }
        return render(request, "seats_api/swagger.html", context)


_HEADER = {"schema": {"type": "string"}}
_ETAG_PATTERN = r'^(W/)?"cca-[0-9]+-v[0-9]+"$'
#: What the server checks itself (beyond the parameter types): stated in the document too.
_PARAMETER_RULES: dict[str, dict[str, Any]] = {
    # Writes answer 428 without If-Match: it is required (the server, not the parser, says so,
    # so a missing header gets the 428 the document names rather than a 422).
    "If-Match": {"required": True, "schema": {"pattern": _ETAG_PATTERN}},
    "Idempotency-Key": {"schema": {"pattern": "^[\\x21-\\x7e]{1,255}$", "minLength": 1}},
    "cursor": {"schema": {"pattern": CURSOR_PATTERN}},
    "after": {"schema": {"pattern": CURSOR_PATTERN}},
}


def _state_rules(operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        for option in schema.get("anyOf", [schema]):
            if option.get("type") == "string" and "pattern" not in option and "enum" not in option:
                option.update(NO_NUL)  # the server refuses NUL anywhere (auth._refuse_nul)
        rules = _PARAMETER_RULES.get(parameter.get("name", ""))
        if rules is None:
            continue
        parameter.update({k: v for k, v in rules.items() if k != "schema"})
        schema = parameter.setdefault("schema", {})
        strings = [o for o in schema.get("anyOf", [schema]) if o.get("type") == "string"]
        for option in strings:
            option.update(rules.get("schema", {}))
        if parameter.get("required") and "anyOf" in schema and strings:
            # a required header is never null: the string alone
            extra = {k: v for k, v in schema.items() if k != "anyOf"}
            parameter["schema"] = {**strings[0], **extra}


class SeatsApi(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        return str(operation.view_func.__name__)

    def get_openapi_schema(self, **kwargs: Any) -> dict[str, Any]:  # type: ignore[override]
        """Problems are ``application/problem+json``; CCA answers carry their ETag."""
        schema = super().get_openapi_schema(**kwargs)
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                _state_rules(operation)
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status).startswith(("4", "5")) and "application/json" in content:
                        response["content"] = {errors.PROBLEM_TYPE: content["application/json"]}
                    if str(status) == "429":
                        response["headers"] = {"Retry-After": _HEADER}
                    if "CCADetail" in str(content) and str(status) in ("200", "201"):
                        response["headers"] = {"ETag": _HEADER}
        return schema


api = SeatsApi(
    title="SEATS API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="seats_api",
    auth=TokenAuth(),
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

api.add_exception_handler(DomainError, errors.from_domain)
api.add_exception_handler(errors.ApiProblem, errors.from_api_problem)
api.add_exception_handler(ValidationError, errors.from_validation)
api.add_exception_handler(HttpError, errors.from_http_error)
api.add_exception_handler(Http404, errors.not_found)
api.add_exception_handler(RequestDataTooBig, errors.too_big)
api.add_exception_handler(Exception, errors.server_error)

api.add_router("", ccas.router)
api.add_router("", requests.router)
api.add_router("", actions.router)
api.add_router("", feed.router)
api.add_router("", catalog.router)
api.add_router("", funding.router)
api.add_router("", statements.router)
api.add_router("", reports.router)
api.add_router("", membership.router)
api.add_router("", adulted.router)
api.add_router("", compliance.router)
