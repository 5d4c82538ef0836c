"""Organisation scoping: the one place that decides which rows a request may touch.

Every model holding personal data inherits `OrganisationScoped`. Its default manager is a
django-scopes manager: inside a request, `OrganisationScopeMiddleware` activates the signed-in
user's organisation, so `Person.objects.get(pk=…)` for another organisation's record raises
DoesNotExist (a 404 in views) without any view remembering to filter. Outside a scope (for
example in a management command) a query raises ScopeError unless the code says
`scopes_disabled()` on purpose.

The same manager hides restricted records (`navigator.restrictions`) from everyone the
restriction does not name: a request's scope names its viewer, and every row about a person
(found by following foreign keys to the person, see `person_path`) whose record is restricted
to other staff is left out, so each page of that person or of one of their records answers
404, as for a record that does not exist.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Value
from django.db.models.expressions import RawSQL
from django_scopes import ScopedManager, get_scope, scope

SCOPE_DIMENSION = "organisation"
NO_ORGANISATION: list[int] = []  # a scope that matches nothing (`organisation__in=[]`)
# The scope key naming who is looking; a scope without it (a secure link, a background job) is
# not limited by restrictions to named staff. An API client's scope has it, naming nobody.
VIEWER = "viewer"
# Set for a request that may change something (a POST): records whose processing is restricted
# are then left out too, so they can be seen and not changed.
WRITING = "writing"
# A request's scope keeps here each model's scoped rows (`ScopedRecordsManager.get_queryset`).
KEPT_ROWS = "_kept_rows"
PERSON_MODEL = "people.Person"
PATH_DEPTH = 3  # Contact → referral → person is two steps; none is further than three.

_restricted_listed: ContextVar[bool] = ContextVar("restricted_listed", default=False)


@cache
def person_path(model: type[models.Model]) -> str | None:
    """The lookup from a row of `model` to the person it is about ("person",
    "referral__person", "pk" for a person), or None for rows about nobody. The shortest chain of
    foreign keys wins; a field named `person` first, so a task about one person that names
    another (a possible duplicate) belongs to the first. Models opt out with
    `restricted_with_person = False` (a restriction itself, which its managers must reach)."""
    person = apps.get_model(PERSON_MODEL)
    if model is person:
        return "pk"
    if not getattr(model, "restricted_with_person", True):
        return None
    frontier: list[tuple[type[models.Model], str]] = [(model, "")]
    for _depth in range(PATH_DEPTH):
        found: list[str] = []
        following: list[tuple[type[models.Model], str]] = []
        for current, prefix in frontier:
            fields = sorted(
                (field for field in current._meta.concrete_fields if field.is_relation),
                key=lambda field: (field.name != "person", field.name),
            )
            for field in fields:
                if field.related_model is None or field.name == "merged_into":
                    continue
                lookup = f"{prefix}{field.name}"
                if field.related_model is person:
                    found.append(lookup)
                elif issubclass(field.related_model, OrganisationScoped):
                    following.append((field.related_model, f"{lookup}__"))
        if found:
            return found[0]
        frontier = following
    return None


# Who is hidden from whom is the restrictions app's to say: it registers a function of the
# viewer (and whether they are changing something) returning the ids of the people hidden, as
# a subquery, so hiding them costs no query of its own. Core, the lowest layer, imports no app.
HiddenPeople = Callable[..., models.QuerySet]
_hidden_people: list[HiddenPeople] = []


def register_hidden_people(source: HiddenPeople) -> HiddenPeople:
    _hidden_people[:] = [source]
    return source


def people_hidden_from(viewer_id: int | None) -> models.QuerySet | None:
    """The ids of the people whose restricted record `viewer_id` may not see (a subquery), or
    None while no app says who is hidden: for rows naming a person by id alone, such as the
    audit trail's, which the manager cannot follow to the person."""
    return _hidden_people[0](viewer_id) if _hidden_people else None


def restricted_flags(
    people: models.QuerySet[Any, Any], viewer_id: int
) -> models.QuerySet[Any, Any]:
    """`people` annotated with `is_restricted` (restricted to named staff: hidden from a viewer
    no restriction names) and `is_withheld` (hidden from `viewer_id`), for a list that shows
    that such a record exists without its contents."""
    restricted, withheld = people_hidden_from(None), people_hidden_from(viewer_id)
    if restricted is None or withheld is None:
        return people.annotate(is_restricted=Value(False), is_withheld=Value(False))
    return people.annotate(
        is_restricted=Exists(restricted.filter(person_id=OuterRef("pk"))),
        is_withheld=Exists(withheld.filter(person_id=OuterRef("pk"))),
    )


_M = TypeVar("_M", bound=models.Model)


class RestrictedRecordsManager(models.Manager[_M]):
    """Leaves out rows about people whose restricted record the scope's viewer may not see."""

    def get_queryset(self) -> models.QuerySet[_M]:
        queryset = super().get_queryset()
        current = getattr(self, "_override_scope", None) or get_scope()
        path = person_path(self.model)
        if (
            path is None
            or not _hidden_people
            or not current.get("_enabled", True)
            or VIEWER not in current
            or _restricted_listed.get()
        ):
            return queryset
        hidden = _hidden_sql(current[VIEWER], current.get(WRITING, False))
        return queryset.exclude(**{f"{path}__in": hidden})


@lru_cache(maxsize=4096)
def _hidden_sql(viewer_id: int | None, writing: bool) -> RawSQL:
    """The people hidden from the viewer, as SQL that every query leaving them out embeds,
    compiled once for each viewer by each process: a person's page makes dozens of queries,
    and compiling the subquery for each cost more than the rest of their SQL; compiled once a
    request, it still cost 1 ms of each page. It holds nothing but the viewer's id (when an
    emergency access ends is compared with the database's clock), and it asks the database
    afresh each time it runs, so a restriction or an emergency access made since counts."""
    hidden = _hidden_people[0](viewer_id, writing=writing)
    return RawSQL(*hidden.query.sql_with_params())


# django-scopes builds its manager's class inside a function, where a type checker cannot see
# it: the checker is told the two methods it adds, and the class is named here, so a scoped
# model's `objects` has a type.
if TYPE_CHECKING:

    class _DjangoScopesManager(RestrictedRecordsManager[_M]):
        def with_scope(self, **scope: object) -> Self: ...
        def with_scopes_disabled(self) -> Self: ...

else:
    _DjangoScopesManager = type(
        ScopedManager(_manager_class=RestrictedRecordsManager, organisation="organisation")
    )


class ScopedRecordsManager(_DjangoScopesManager[_M]):
    """The manager of every `OrganisationScoped` model."""

    def get_queryset(self) -> models.QuerySet[_M]:
        """The rows the scope may touch. A request's scope builds them once for each model
        and hands out copies: filtering on the organisation and leaving out hidden people
        took 0.14 ms of each query's Python, and a person's page makes a dozen or more. The
        key holds everything the rows depend on; a scope without a request's store (one a
        view or job opens for itself, `with_scope`) builds them each time as before."""
        current = getattr(self, "_override_scope", None) or get_scope()
        kept: dict[Any, Any] | None = current.get(KEPT_ROWS)
        if kept is None or not current.get("_enabled", True) or getattr(self, "_hints", None):
            return super().get_queryset()
        key = (
            self.model,
            type(self),  # (a manager made `from_queryset` hands out its own kind of queryset)
            self._db,
            repr(current.get(SCOPE_DIMENSION)),
            current.get(VIEWER),
            current.get(WRITING, False),
            _restricted_listed.get(),
        )
        if key not in kept:
            kept[key] = super().get_queryset()
        return kept[key]._chain()


class OrganisationScoped(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedRecordsManager()

    class Meta:
        abstract = True


def organisation_scope(user: Any, *, writing: bool = False) -> Any:
    """The context manager that limits queries to what `user` may see (and, `writing`, may
    change)."""
    organisation_id = getattr(user, "organisation_id", None) if user.is_authenticated else None
    # Only signed-in staff are limited by restrictions: a secure link's page, reached by
    # someone signed out, opens a scope of its own for the one record it is about.
    viewer = {VIEWER: user.pk, WRITING: writing, KEPT_ROWS: {}} if user.is_authenticated else {}
    return scope(organisation=organisation_id if organisation_id else NO_ORGANISATION, **viewer)


def client_scope(organisation_id: int, *, writing: bool = False) -> Any:
    """The scope of an API client's call: its organisation, and a viewer no restriction names
    (a restriction names staff), so every restricted record is left out as for staff not named."""
    return scope(organisation=organisation_id, **{VIEWER: None, WRITING: writing})


@contextmanager
def restricted_records_included() -> Iterator[None]:
    """Querysets built inside include restricted records: for a list that shows that such a
    record exists (tagged, its contents withheld) and for totals, which count everyone."""
    token = _restricted_listed.set(True)
    try:
        yield
    finally:
        _restricted_listed.reset(token)
