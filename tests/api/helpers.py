"""A small client for the API tests: every call goes over HTTP through Django, as a token."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.test import Client

from seats.api.tokens import create_token
from seats.core.models import RoleMembership
from seats.domain.roles import Role

BASE = "/api/v1"


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str]

    @property
    def etag(self) -> str:
        return self.headers.get("ETag", "")


@dataclass
class Api:
    token: str
    client: Client = field(default_factory=Client)

    def _answer(self, response: Any) -> Answer:
        try:
            body = json.loads(response.content) if response.content else None
        except ValueError:
            body = response.content.decode()
        return Answer(response.status_code, body, dict(response.headers.items()))

    def get(self, path: str, **params: Any) -> Answer:
        query = {k: v for k, v in params.items() if v is not None}
        headers = {"Authorization": f"Bearer {self.token}"}
        return self._answer(self.client.get(BASE + path, query, headers=headers))

    def post(
        self,
        path: str,
        body: Any = None,
        *,
        if_match: str | None = None,
        key: str | None = None,
        raw: bytes | None = None,
    ) -> Answer:
        headers = {"Authorization": f"Bearer {self.token}"}
        if if_match is not None:
            headers["If-Match"] = if_match
        if key is not None:
            headers["Idempotency-Key"] = key
        data = raw if raw is not None else json.dumps(body if body is not None else {}, default=str)
        response = self.client.post(
            BASE + path, data=data, content_type="application/json", headers=headers
        )
        return self._answer(response)

    def put(self, path: str, body: Any = None) -> Answer:
        headers = {"Authorization": f"Bearer {self.token}"}
        data = json.dumps(body if body is not None else {}, default=str)
        response = self.client.put(
            BASE + path, data=data, content_type="application/json", headers=headers
        )
        return self._answer(response)

    def act(self, cca_id: int, action: str, body: Any = None, **kw: Any) -> Answer:
        """Read the CCA for its ETag, then post the action with If-Match."""
        current = self.get(f"/ccas/{cca_id}")
        assert current.status == 200, current.body
        return self.post(f"/ccas/{cca_id}/{action}", body, if_match=current.etag, **kw)


def token_for_role(world: Any, role: Role, name: str = "") -> str:
    actor = world.actor(role)
    membership = RoleMembership.objects.get(
        user=actor.user, role=role.value, organisation=actor.organisation
    )
    return create_token(membership=membership, name=name or role.value).secret


def api_for(world: Any, role: Role) -> Api:
    return Api(token_for_role(world, role))


class Clock:
    """The API's today, moved by the tests (services get it as ``as_of``)."""

    def __init__(self, start: date) -> None:
        self.day = start

    def today(self) -> date:
        return self.day
