from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

PAGE_SIZE = 25

# What the home page shows besides its links: each app that has a figure for it (open manager
# tasks…) registers a function of the request in its `AppConfig.ready`, so that core, the lowest
# layer, imports no app above it.
HomeContext = Callable[[HttpRequest], dict[str, Any]]
_home_context: list[HomeContext] = []


def register_home_context(source: HomeContext) -> HomeContext:
    if source not in _home_context:
        _home_context.append(source)
    return source


def requires(permission: str) -> Callable:
    """Signed-in users whose role has `permission` (an `accounts.permissions.Permission`) may use
    the view; others get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # login_required has sent anyone signed out to sign in; the check says so to the
            # type checker (a request's user may be anonymous).
            if not (request.user.is_authenticated and request.user.can(permission)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, or None for a GET. Not `request.POST or None`: a POST whose only
    checkbox was left unticked may send nothing, and must still be validated."""
    return request.POST if request.method == "POST" else None


def form_page[T](
    request: HttpRequest,
    *,
    form: forms.Form,
    perform: Callable[[], T],
    refused: type[Exception],
    done: str,
    then: str | Callable[[T], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """One small form, one service call: on a valid POST `perform()` runs and the user is sent to
    `then` (an address or a URL name, or a function of what `perform` returned) with `done` as
    the message; a refusal the service explains (`refused`, e.g. a move the state machine does
    not allow) is shown on the form, which keeps what was typed; so is the service's own
    validation (a ValidationError naming the form's fields)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = perform()
        except ValidationError as invalid:
            form.add_error(None, invalid)
        except refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, done)
            return redirect(then(result) if callable(then) else then)
    return render(request, template, {"form": form, **context})


def paginate(
    request: HttpRequest, items: Any, per_page: int = PAGE_SIZE, parameter: str = "page"
) -> Page:
    """The page of `items` that the query parameter `parameter` names (a page holding two
    lists gives each a parameter of its own)."""
    return Paginator(items, per_page).get_page(request.GET.get(parameter))


def paginate_by_keys[M: models.Model](
    request: HttpRequest,
    rows: QuerySet[M],
    per_page: int = PAGE_SIZE,
    *,
    read: Callable[[QuerySet[M]], QuerySet[Any]] | None = None,
) -> Page:
    """`paginate` for a list whose rows are costly to read (joins, annotations): the page's
    keys are found first, in the list's own order and from its indexes, and only those rows
    are read in full. Otherwise page 100 of a 10,000-case caseload reads, joins and sorts
    every case to show 25. The keys are a subquery of the rows' query, not a query of their
    own: a page costs the count and one read, as `paginate`'s does. `read`: what a shown row
    adds to `rows` (its annotations), given the rows narrowed to the page's keys, so that
    the keys and the count are found without it."""
    page = paginate(request, rows.values("pk"), per_page)
    shown = rows.filter(pk__in=page.object_list)
    page.object_list = list(read(shown) if read else shown)
    return page


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    for source in _home_context:
        context.update(source(request))
    return render(request, "core/home.jinja", context)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/403.jinja", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.jinja", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.jinja", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.jinja", status=403)
