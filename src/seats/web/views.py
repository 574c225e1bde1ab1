"""Pages. Each view parses input, calls a selector or service, and renders: nothing else."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from seats.core import clock
from seats.core.models import AccessAction, AccessPurpose
from seats.core.selectors.access import FAMILY_ROLES, PROVIDER_ROLES
from seats.core.selectors.ccas import (
    PAGE_SIZES,
    SORTS,
    PageByKeys,
    QueueQuery,
    due_items,
    queue,
    timeline,
)
from seats.core.selectors.family import course_card
from seats.core.services.audit import log_access
from seats.core.services.preferences import set_language
from seats.domain.disclosure import may_read_note
from seats.domain.statuses import Status
from seats.domain.turn import Side

from . import documents, history, provider, school, search, ssid, throttle, turns
from .funding.why import why_for
from .htmx import is_htmx, render_part
from .mfa import mfa_exempt
from .middleware import SESSION_KEY, viewer_key
from .nav import HOME
from .permissions import ALL_ROLES, EVERY_ROLE, allow, public, visible_cca
from .queries import QUEUE_PRIVATE, QUEUE_PUBLIC, queue_params, queue_query
from .reports.flags import provider_flags


@public
@mfa_exempt
def health(request: HttpRequest) -> HttpResponse:
    from django.http import JsonResponse

    return JsonResponse({"status": "ok"})


class LoginView(auth_views.LoginView):
    """Django's sign-in with a throttle on repeated failures (per account, and per address at a
    much higher limit: see seats.web.throttle)."""

    template_name = "web/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        username = request.POST.get("username", "")
        address = throttle.client_address(request)
        refused = throttle.refusal(username, address)
        if refused is not None:
            form = self.get_form()
            form.add_error(None, throttle.message(refused))
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(refused.seconds)
            return response
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            throttle.clear(username)
        else:
            throttle.record_failure(username, address)
        return response


login = mfa_exempt(public(LoginView.as_view()))
logout = mfa_exempt(public(auth_views.LogoutView.as_view(next_page=settings.LOGIN_URL)))


@public
@mfa_exempt
@require_http_methods(["GET", "POST"])
def language(request: HttpRequest) -> HttpResponse:
    """The person's language: a cookie for everyone, and the account's language (which notices
    use) for a signed-in person. Without a choice the browser's language applies."""
    back = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    response = redirect(back)
    code = request.POST.get("language", "")
    if request.method == "POST" and code in {c for c, _ in settings.LANGUAGES}:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            samesite="Lax",
            max_age=365 * 24 * 3600,
            secure=request.is_secure(),
        )
        if request.user.is_authenticated:
            set_language(user=request.user, language=code)  # type: ignore[arg-type]
    return response


@allow(EVERY_ROLE)
@require_http_methods(["GET", "POST"])
def choose_role(request: HttpRequest) -> HttpResponse:
    """A person with several roles picks the one to act in."""
    if request.method == "POST":
        wanted = request.POST.get("viewer", "")
        if wanted not in {viewer_key(v) for v in request.viewers}:  # type: ignore[attr-defined]
            raise Http404
        request.session[SESSION_KEY] = wanted
        return redirect("web:home")
    choices = [(viewer_key(v), v) for v in request.viewers]  # type: ignore[attr-defined]
    current = viewer_key(request.viewer)  # type: ignore[attr-defined]
    return render(request, "web/choose_role.html", {"choices": choices, "current": current})


@public
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    if request.viewer is None:  # type: ignore[attr-defined]
        return render(request, "web/no_role.html", status=403)
    return redirect(HOME.get(request.viewer.role, "web:ccas"))  # type: ignore[attr-defined]


@allow(ALL_ROLES)
@require_http_methods(["GET", "POST"])
def cca_list(request: HttpRequest) -> HttpResponse:
    """The request queue: status filter, search, sort on every column, 10/25/50/100 rows.

    The filter form is POSTed (its search box can hold a name or an SSID): a browser is sent
    to the keyed GET address, htmx gets the results with that address in ``HX-Push-Url``."""
    base = reverse("web:ccas")
    kept = {"public": QUEUE_PUBLIC, "private": QUEUE_PRIVATE}
    if request.method == "POST":
        target = search.address(request, base, "queue", **kept)
        if not is_htmx(request):
            return HttpResponseRedirect(target, status=303)
        request.GET = QueryDict(target.partition("?")[2])  # type: ignore[misc]
        response = _queue_page(request)
        response["HX-Push-Url"] = target
        return response
    return search.legacy_redirect(request, base, "queue", **kept) or _queue_page(request)


def _queue_page(request: HttpRequest) -> HttpResponse:
    viewer = request.viewer  # type: ignore[attr-defined]
    get = request.GET
    query = queue_query(school.queue_params(viewer, queue_params(request)))
    default = DECIDER_PAGE_SIZE if viewer.role in school.DEFAULT_PENDING_ROLES else 25
    per_page = int(get["per"]) if get.get("per", "").isdigit() else default
    per_page = per_page if per_page in PAGE_SIZES else default
    page = Paginator(PageByKeys(queue(viewer, query)), per_page).get_page(get.get("page"))
    log_access(
        viewer,
        action=AccessAction.LIST,
        what=f"CCA list ({query.status or 'all'})"[:200],
        rows=len(page.object_list),
        purpose=AccessPurpose.FAMILY if viewer.role in FAMILY_ROLES else AccessPurpose.QUEUE,
    )
    context = {
        "page": page,
        "query": query,
        "per_page": per_page,
        "page_sizes": PAGE_SIZES,
        "statuses": list(Status),
        "sorts": SORTS,
        "sort_columns": QUEUE_COLUMNS,
        "filters": _queue_filters(query, per_page, get.get(search.SEARCH, "")),
        "htmx": is_htmx(request),
    }
    context.update(school.queue_extras(viewer, page.object_list))  # the rows log_access loaded
    turns.annotate_turns(page.object_list, viewer)
    context["lea_decides"] = turns.side_of(viewer) is Side.LEA and not viewer.read_only
    if not is_htmx(request):
        context["completion_flags"] = provider_flags(viewer)
    return render_part(request, "web/cca_list.html", "web/partials/cca_results.html", context)


#: Rows per page of the queue for the roles that decide pending requests ("Show 50 entries").
DECIDER_PAGE_SIZE = 50

#: The queue's columns in order: (sort key, heading); the counselor column does not sort.
QUEUE_COLUMNS = (
    ("submitted", _("Submission Date")),
    ("student", _("Student")),
    ("counselor", _("Counselor")),
    ("session", _("Session")),
    ("course", _("Course")),
    ("credit", _("Credit")),
    ("provider", _("Provider")),
    ("status", _("Status")),
)


def _queue_filters(query: QueueQuery, per_page: int, key: str) -> str:
    """The filters as a query string, kept by the sort and page links and the exports: the
    search only by its key (``key``, "" without a search)."""
    year = "" if query.school_year is None else str(query.school_year)
    kept = {"status": query.status, "year": year, "per": per_page}
    return urlencode(kept | ({search.SEARCH: key} if key and query.search else {}))


@allow(ALL_ROLES)
def cca_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One CCA: its record, what is due and by whom, and everything that happened."""
    viewer = request.viewer  # type: ignore[attr-defined]
    cca = visible_cca(viewer, pk)
    log_access(
        viewer, action=AccessAction.VIEW, what=f"CCA {cca.pk}", cca=cca, purpose=_purpose(viewer)
    )
    today = clock.today()
    card = course_card(cca, today=today)  # the family's view: plain words and grade progress
    family = viewer.role in FAMILY_ROLES
    entries = timeline(cca, reader=viewer.role)
    history.prepare(entries, cca, family=family)
    return render(
        request,
        "web/cca_detail.html",
        {
            "cca": cca,
            "provider_actions": provider.provider_actions(viewer, cca),
            "school_actions": school.available_actions(viewer, cca, today),
            "due": due_items(cca, today),
            "history": entries,
            "today": today,
            "family": family,
            "turn": turns.turn_for(viewer, cca),
            "note_visible": may_read_note(viewer.role),
            "in_course": card.in_course,
            "days_since_activity": card.days_since_activity,
            "documents": documents.available(cca, viewer),
            "can_enter_ssid": ssid.can_enter_ssid(viewer, cca),
            "why_paid": why_for(viewer, cca),
        },
    )


def _purpose(viewer: object) -> AccessPurpose:
    """Why a CCA page is read: a family follows its own course, a provider processes the
    enrollment, everyone else reviews the request."""
    role = viewer.role  # type: ignore[attr-defined]
    if role in FAMILY_ROLES:
        return AccessPurpose.FAMILY
    return AccessPurpose.PROVIDER_WORK if role in PROVIDER_ROLES else AccessPurpose.REVIEW


def login_url() -> str:
    return reverse("web:login")
