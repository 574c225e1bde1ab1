"""`make load`: a mix of signed-in users of every role against the production settings.

Each simulated person signs in with a demo login (every demo user is named after its role, the
password is the demo's) and works as that role would: families read My courses and the catalog,
counselors the caseload and requests, LEA approvers their schools and approvals, providers their
queue and progress reports, the state its compliance view; API clients list CCAs, read one and
report progress or approve through the API with If-Match and an Idempotency-Key. Only 127.0.0.1.

Request names are the page (not the URL with its ids), so the table groups like pages.
"""

from __future__ import annotations

import json
import os
import random
import re
import uuid
from collections import Counter

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("SEATS_LOAD_PASSWORD", "seats-demo")
TOKENS = {
    "provider": os.environ.get("SEATS_LOAD_PROVIDER_TOKEN", ""),
    "lea": os.environ.get("SEATS_LOAD_LEA_TOKEN", ""),
}
#: Writes the server accepted (200), per action, and the (CCA, version) each left: the integrity
#: check after the run finds each of them in the history exactly once.
ACCEPTED: Counter[str] = Counter()
WRITTEN: list[tuple[int, int]] = []
CCA_LINK = re.compile(r'href="/ccas/(\d+)/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.test_start.add_listener
def _only_loopback(environment, **_: object) -> None:
    host = environment.host or ""
    if not re.match(r"^https?://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?/?$", host):
        raise SystemExit(f"The load test only targets this machine (127.0.0.1), not {host!r}.")


@events.test_stop.add_listener
def _write_tally(environment, **_: object) -> None:
    path = os.environ.get("SEATS_LOAD_TALLY")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({"accepted": dict(ACCEPTED), "written": WRITTEN}, out)


class SignedIn(HttpUser):
    """A person at a browser: signs in once, then opens pages."""

    abstract = True
    username = ""
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.verify = False  # the rehearsal's own self-signed certificate
        page = self.client.get("/accounts/login/", name="sign-in page")
        token = CSRF.search(page.text)
        self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "next": "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
        )
        self.ccas: list[str] = []

    def page(self, url: str, name: str) -> str:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return ""
            if "/accounts/login/" in response.url:
                response.failure("signed out")
                return ""
            return response.text

    def open_a_cca(self, listing: str) -> None:
        self.ccas = CCA_LINK.findall(listing) or self.ccas
        if self.ccas:
            self.page(f"/ccas/{random.choice(self.ccas)}/", "CCA page")


class Parent(SignedIn):
    username = "parent"
    weight = 3

    @task(3)
    def my_courses(self) -> None:
        self.page("/my-courses/", "my courses")

    @task(2)
    def catalog(self) -> None:
        self.page("/catalog/", "catalog")


class Counselor(SignedIn):
    username = "counselor"
    weight = 3

    @task(3)
    def caseload(self) -> None:
        self.page("/caseload/", "caseload")

    @task(2)
    def requests(self) -> None:
        self.open_a_cca(self.page("/ccas/", "queue (counselor)"))


class LeaApprover(SignedIn):
    username = "lea_approver"
    weight = 2

    @task(2)
    def schools(self) -> None:
        self.page("/lea/schools/", "LEA schools")

    @task(2)
    def requests(self) -> None:
        self.open_a_cca(self.page("/ccas/", "queue (LEA)"))


class ProviderStaff(SignedIn):
    username = "provider_staff"
    weight = 3

    @task(3)
    def queue(self) -> None:
        self.open_a_cca(self.page("/ccas/?status=confirmed", "queue (provider)"))

    @task(1)
    def census(self) -> None:
        self.page("/provider/census/", "census worklist")


class StateSpecialist(SignedIn):
    username = "state_specialist"
    weight = 1

    @task
    def compliance(self) -> None:
        self.page("/state/compliance/", "compliance")


class ApiClient(HttpUser):
    """A provider's SIS and an LEA's script on the REST API: reads, then writes with If-Match."""

    abstract = True
    token_key = ""
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.client.verify = False
        self.client.headers["Authorization"] = f"Bearer {TOKENS[self.token_key]}"
        self.ids: list[int] = []

    def listing(self, status: str) -> None:
        with self.client.get(
            f"/api/v1/ccas?status={status}&limit=50", name="API list", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return
            self.ids = [row["id"] for row in response.json().get("items", [])] or self.ids

    def write(self, action: str, body: dict[str, object]) -> None:
        if not self.ids:
            return
        cca_id = random.choice(self.ids)
        read = self.client.get(f"/api/v1/ccas/{cca_id}", name="API read")
        if read.status_code != 200:
            return
        with self.client.post(
            f"/api/v1/ccas/{cca_id}/{action}",
            json=body,
            headers={
                "If-Match": read.headers.get("ETag", ""),
                "Idempotency-Key": str(uuid.uuid4()),
            },
            name=f"API {action}",
            catch_response=True,
        ) as response:
            # 409/412: the rules or another writer got there first; that is an answer, not an error.
            if response.status_code == 200:
                ACCEPTED[action] += 1
                WRITTEN.append((cca_id, response.json()["version"]))
            if response.status_code in (200, 409, 412, 422):
                response.success()
            else:
                response.failure(f"{response.status_code}")


class ProviderSis(ApiClient):
    token_key = "provider"
    weight = 2

    @task(3)
    def list_confirmed(self) -> None:
        self.listing("confirmed")

    @task(1)
    def report_progress(self) -> None:
        self.write("grade-progress", {"percent": round(random.uniform(0, 100), 1)})


class LeaScript(ApiClient):
    token_key = "lea"
    weight = 1

    @task(2)
    def list_pending(self) -> None:
        self.listing("pending_execution")

    @task(1)
    def approve(self) -> None:
        self.write("lea-decision", {"decision": "approve", "accept_financial_responsibility": True})
