"""Reads of restrictions. `hidden_people` is what the organisation scope leaves out."""

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Now
from django.shortcuts import get_object_or_404

from navigator.core.scoping import restricted_records_included
from navigator.restrictions.models import BreakGlass, Restriction

# The person model, without importing the people app, which sits above this one.
PERSON: Any = Restriction.person.field.related_model


def open_glass(viewer_id: int) -> QuerySet[BreakGlass]:
    # The database's clock, not a time written into the SQL: the scope compiles the hidden
    # people's subquery once for each viewer and uses it for as long as the process runs.
    return BreakGlass._base_manager.filter(user_id=viewer_id, until__gt=Now())


def hidden_people(viewer_id: int | None, *, writing: bool = False) -> QuerySet[Any, Any]:
    """Ids of people whose record is restricted and neither names `viewer_id` nor has an
    emergency access of theirs still open (no viewer, an API client: every restricted person);
    when `writing`, those whose processing is restricted as well (their record may be seen,
    not changed). Unscoped on purpose: the outer query is scoped."""
    restrictions = Restriction._base_manager.values("person_id")
    if viewer_id is None:
        return restrictions
    named = Restriction.named_staff.through.objects.filter(user_id=viewer_id)
    hidden = ~(
        Q(pk__in=named.values("restriction_id"))
        | Q(person_id__in=open_glass(viewer_id).values("person_id"))
    )
    if writing:
        hidden |= Q(processing_restricted=True)
    return restrictions.filter(hidden)


def processing_restricted(person_id: int) -> bool:
    """Whether the person asked us to restrict processing: nothing is done with their record
    (messages, reminders) beyond named staff looking at it."""
    return Restriction._base_manager.filter(
        person_id=person_id, processing_restricted=True
    ).exists()


def processing_restricted_for_number(nhs_number: str) -> bool:
    """Whether a current record of the organisation with this NHS number has its processing
    restricted, for what arrives from outside and would be matched to it (an API client sees
    no restricted record, so cannot ask the record itself)."""
    return Restriction.objects.filter(
        person__nhs_number=nhs_number,
        person__merged_into__isnull=True,
        processing_restricted=True,
    ).exists()


def person_or_404(pk: int) -> Any:
    """A current (not merged) record of the organisation, restricted or not: restrictions'
    pages show its name and the restriction, never the record."""
    with restricted_records_included():
        person: Any = get_object_or_404(PERSON.objects.filter(merged_into__isnull=True), pk=pk)
        return person


def restriction_of(person: Any) -> Restriction | None:
    return Restriction.objects.filter(person=person).prefetch_related("named_staff").first()


def on_person_page(user: Any, person: Any) -> dict[str, object]:
    """The restriction the person's page shows (`core.person_page`)."""
    return {"restriction": restriction_of(person)}


def restricted_records() -> QuerySet[Restriction]:
    return (
        Restriction.objects.select_related("person", "restricted_by")
        .prefetch_related("named_staff")
        .order_by("person__family_name", "person__given_name", "pk")
    )


def emergency_accesses() -> QuerySet[BreakGlass]:
    return BreakGlass.objects.select_related("person", "user", "reviewed_by")


def unreviewed_emergency_accesses() -> QuerySet[BreakGlass]:
    return emergency_accesses().filter(reviewed_at__isnull=True)


def may_see(person: Any, user: Any) -> bool:
    """Whether the record is open to `user`: not restricted, naming them, or with an emergency
    access of theirs still open."""
    return not hidden_people(user.pk).filter(person_id=person.pk).exists()
