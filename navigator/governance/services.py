"""Writes of information governance: subject access releases, the retention rule, listing
records due for destruction, holding one, and destroying records."""

import datetime
import secrets
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, Max, Model, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.audit import services as audit
from navigator.audit.models import AuditEvent
from navigator.core.person_data import person_data
from navigator.governance import audit_redaction
from navigator.governance.models import (
    DEFAULT_RETENTION_YEARS,
    DestructionReview,
    RetentionRule,
    ReviewStatus,
)
from navigator.people.models import Person
from navigator.people.selectors import record_ids
from navigator.referrals.models import Referral
from navigator.referrals.states import OPEN_STATES


class DestructionRefused(Exception):
    pass


# --- Subject access ---------------------------------------------------------------------------


def record_subject_access(*, person: Person, withheld: int) -> AuditEvent:
    """The release is audited on the person's trail, with how many values were withheld."""
    return audit.record(
        action=AuditEvent.Action.EXPORTED,
        instance=person,
        person_id=person.pk,
        changes={"subject_access_release": [None, {"values_withheld": withheld}]},
    )


# --- Retention --------------------------------------------------------------------------------


def retention_years(organisation_id: int) -> int:
    rule = RetentionRule.objects.filter(organisation_id=organisation_id).first()
    return rule.years if rule else DEFAULT_RETENTION_YEARS


def set_retention(*, organisation_id: int, years: int, changed_by: User) -> RetentionRule:
    with transaction.atomic():
        rule, created = RetentionRule.objects.select_for_update().get_or_create(
            organisation_id=organisation_id, defaults={"years": years, "changed_by": changed_by}
        )
        if created:
            audit.record_creation(rule, person_id=None)
            return rule
        before = audit.snapshot(rule)
        rule.years = years
        rule.changed_by = changed_by
        rule.version += 1
        rule.save()
        audit.record_change(rule, before=before, person_id=None)
        return rule


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def _case_ends() -> Subquery:
    """When each person's last case ended: closure, or the decision on a declined referral."""
    ended = (
        Referral.objects.filter(person=OuterRef("pk"))
        .exclude(state__in=OPEN_STATES)
        .values("person")
        .annotate(last=Max(Coalesce("closed_at", "updated_at")))
        .values("last")
    )
    return Subquery(ended)


def records_due(*, organisation_id: int, today: datetime.date) -> Any:
    """Current records of the organisation with no open case whose last case ended (or,
    with none, which were made) longer ago than the retention period, not listed yet."""
    cutoff = years_before(today, retention_years(organisation_id))
    open_case = Referral.objects.filter(person=OuterRef("pk"), state__in=OPEN_STATES)
    return (
        Person.objects.filter(
            organisation_id=organisation_id,
            merged_into__isnull=True,
            destruction_review__isnull=True,
        )
        .annotate(
            open_case=Exists(open_case),
            last_ended=_case_ends(),
        )
        .annotate(ended_on=TruncDate(Coalesce("last_ended", "created_at")))
        .filter(open_case=False, ended_on__lt=cutoff)
    )


def _pseudonym() -> str:
    return f"R-{secrets.token_hex(5).upper()}"


def list_records_due(*, organisation: Organisation, today: datetime.date) -> int:
    """The daily job's work for one organisation: a review for each record newly due."""
    years = retention_years(organisation.pk)
    due = list(records_due(organisation_id=organisation.pk, today=today))
    reviews = [
        DestructionReview(
            organisation=organisation,
            person=person,
            pseudonym=_pseudonym(),
            record_created_on=timezone.localtime(person.created_at).date(),
            last_case_ended_on=(
                timezone.localtime(person.last_ended).date() if person.last_ended else None
            ),
            due_on=_due_on(person.ended_on, years),
            listed_on=today,
        )
        for person in due
    ]
    with transaction.atomic():
        DestructionReview.objects.bulk_create(reviews)
    return len(reviews)


def _due_on(ended_on: datetime.date, years: int) -> datetime.date:
    try:
        return ended_on.replace(year=ended_on.year + years)
    except ValueError:
        return ended_on.replace(year=ended_on.year + years, day=28)


def hold(*, review: DestructionReview, reason: str, held_by: User) -> DestructionReview:
    """Keep a record past its retention period, saying why (a complaint, a safeguarding
    enquiry, a legal hold). It is not listed again until the hold is lifted."""
    if not reason.strip():
        raise DestructionRefused("Enter why the record is being kept")
    with transaction.atomic():
        review = DestructionReview.objects.select_for_update().get(pk=review.pk)
        if review.status != ReviewStatus.DUE:
            raise DestructionRefused("This record is no longer waiting for a decision")
        before = audit.snapshot(review)
        review.status = ReviewStatus.HELD
        review.hold_reason = reason.strip()
        review.held_by = held_by
        review.held_at = timezone.now()
        review.version += 1
        review.save()
        audit.record_change(review, before=before, person_id=review.person_id)
        return review


def release_hold(*, review: DestructionReview) -> DestructionReview:
    """A held record goes back on the list of records due."""
    with transaction.atomic():
        review = DestructionReview.objects.select_for_update().get(pk=review.pk)
        if review.status != ReviewStatus.HELD:
            raise DestructionRefused("This record is not held")
        before = audit.snapshot(review)
        review.status = ReviewStatus.DUE
        review.hold_reason = ""
        review.held_by = None
        review.held_at = None
        review.version += 1
        review.save()
        audit.record_change(review, before=before, person_id=review.person_id)
        return review


# --- Destruction ------------------------------------------------------------------------------


def _erase(model: type[Model], pks: list[Any], erase: dict[str, Any]) -> None:
    versioned = any(field.name == "version" for field in model._meta.concrete_fields)
    bump = {"version": F("version") + 1} if versioned else {}
    if not any(callable(value) for value in erase.values()):
        model._base_manager.filter(pk__in=pks).update(**erase, **bump)
        return
    for row in model._base_manager.filter(pk__in=pks):
        values = {name: value(row) if callable(value) else value for name, value in erase.items()}
        model._base_manager.filter(pk=row.pk).update(**values, **bump)


def destroy_person_data(person: Person) -> dict[str, int]:
    """Delete or overwrite everything the registry says is held about `person` (and records
    merged into theirs), and take it out of the audit trail; how many rows of each kind."""
    ids = record_ids(person)
    # Decide on every row first: some entries find rows by the details about to be erased
    # (queued e-mails by address, uploaded cohort rows by NHS number).
    found = [(entry, list(entry.rows(ids).values_list("pk", flat=True))) for entry in person_data()]
    touched: dict[str, list[str]] = defaultdict(list)
    counts: dict[str, int] = {}
    for entry, pks in found:
        if not pks:
            continue
        model = entry.model
        counts[entry.title] = len(pks)
        if entry.destroy:
            entry.destroy(model._base_manager.filter(pk__in=pks))
            continue
        touched[model._meta.label_lower].extend(str(pk) for pk in pks)
        if entry.delete:
            model._base_manager.filter(pk__in=pks).delete()
        elif entry.erase:
            _erase(model, pks, dict(entry.erase))
    about_rows = Q(pk__in=[])
    for label, pks in touched.items():
        about_rows |= Q(object_type=label, object_id__in=pks)
    audit_redaction.redact(AuditEvent._base_manager.filter(about_rows))
    return counts


def destroy(*, reviews: list[DestructionReview], approved_by: User) -> list[DestructionReview]:
    """Destroy the records of `reviews` (each due, none held), in one transaction: either all
    go or none. Each review stays as the stub, with who approved it and when."""
    with transaction.atomic():
        locked = list(
            DestructionReview.objects.select_for_update()
            .filter(pk__in=[review.pk for review in reviews])
            .select_related("person")
        )
        if not locked:
            raise DestructionRefused("Select at least one record to destroy")
        if any(review.status != ReviewStatus.DUE for review in locked):
            raise DestructionRefused(
                "A record you selected is no longer due (someone held or destroyed it): "
                "nothing was destroyed. Check the list and try again"
            )
        for review in locked:
            review.destroyed_counts = destroy_person_data(review.person)
            review.status = ReviewStatus.DESTROYED
            review.approved_by = approved_by
            review.destroyed_at = timezone.now()
            review.version += 1
            review.save()
            audit.record(
                action=AuditEvent.Action.DELETED,
                instance=review,
                person_id=review.person_id,
                changes={"destroyed": [None, review.destroyed_counts]},
            )
        return locked
