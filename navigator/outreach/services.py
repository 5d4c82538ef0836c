"""Writes for targeted outreach. Each is one transaction and leaves audit events."""

import datetime
import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Role
from navigator.audit import services as audit
from navigator.audit.models import AuditEvent
from navigator.contacts import services as contact_services
from navigator.contacts.models import Mode as ContactMode
from navigator.core.concurrency import StaleEditError, update_versioned
from navigator.outreach import csv_import
from navigator.outreach.csv_import import FileRefused
from navigator.outreach.models import (
    FAILED_OUTCOMES,
    CallAttempt,
    Cohort,
    CohortMember,
    MemberStatus,
    Outcome,
    OutreachSettings,
)
from navigator.people import selectors as people_selectors
from navigator.people import services as people_services
from navigator.people.models import ConsentMethod, ContactMethod, Person
from navigator.referrals import services as referral_services
from navigator.referrals.models import Referral, SourceType
from navigator.referrals.states import State

BATCH_SIZE = 500
# The member fields a creation event lists (the same values record_creation would).
MEMBER_AUDITED_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "nhs_number",
    "phone",
    "reason",
    "status",
)
LEFT_REASONS = {
    Outcome.WRONG_NUMBER: "Wrong number",
    Outcome.DECLINED: "Spoke — declined",
}


class NotOnList(ValueError):
    """The member has already left the call list (or been referred)."""


class NameTaken(ValueError):
    """Two cohorts of one organisation may not share a name."""


class NoConsent(ValueError):
    """Wanting support opens a record, which needs their agreement that we hold it."""


def outreach_settings(organisation: Organisation) -> OutreachSettings:
    """The organisation's settings, made with the defaults on first use."""
    found, _ = OutreachSettings.objects.get_or_create(organisation=organisation)
    return found


@transaction.atomic
def update_settings(
    *, settings_row: OutreachSettings, expected_version: int, data: dict[str, Any]
) -> OutreachSettings:
    saved = OutreachSettings.objects.select_for_update().get(pk=settings_row.pk)
    before = audit.snapshot(saved)
    saved = update_versioned(saved, expected_version=expected_version, changes=data)
    audit.record_change(saved, before=before, person_id=None)
    return saved


def file_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class AlreadyUploaded(FileRefused):
    def __init__(self, cohort: Cohort) -> None:
        self.cohort = cohort
        super().__init__(
            f"This file was uploaded already, on {cohort.uploaded_at:%-d %B %Y}, as cohort "
            f"“{cohort.name}”. Nobody in it was added again"
        )


def _listed_keys(
    organisation: Organisation,
) -> tuple[dict[str, str], dict[tuple[str, str, datetime.date], str]]:
    """NHS numbers and name-and-birth-date keys of everyone on an open call list: one query."""
    numbers: dict[str, str] = {}
    names: dict[tuple[str, str, datetime.date], str] = {}
    rows = CohortMember.objects.filter(
        organisation=organisation, status=MemberStatus.ON_LIST
    ).values_list("nhs_number", "given_name", "family_name", "date_of_birth", "cohort__name")
    for nhs_number, given_name, family_name, date_of_birth, cohort_name in rows.iterator():
        numbers.setdefault(nhs_number, cohort_name)
        names.setdefault((given_name.lower(), family_name.lower(), date_of_birth), cohort_name)
    return numbers, names


@transaction.atomic
def upload_cohort(
    *,
    organisation: Organisation,
    uploaded_by: User,
    name: str,
    reason: str,
    file_name: str,
    content: bytes,
) -> Cohort:
    """Make a cohort from a CSV file; its `report` says what happened to every row.

    Raises FileRefused (nothing imported) when the file cannot be read at all, is empty, lacks
    a required column, or is the very file uploaded before."""
    if Cohort.objects.filter(organisation=organisation, name__iexact=name.strip()).exists():
        raise NameTaken(
            f"A cohort is already called {name.strip()}. Give this one a name of its own, so "
            "the call list and reports tell them apart"
        )
    digest = file_hash(content)
    earlier = (
        Cohort.objects.filter(organisation=organisation, file_sha256=digest)
        .order_by("uploaded_at")
        .first()
    )
    if earlier is not None:
        raise AlreadyUploaded(earlier)
    numbers, names = _listed_keys(organisation)
    parsed = csv_import.parse_cohort_file(
        content, default_reason=reason, listed_nhs_numbers=numbers, listed_names=names
    )
    cohort = Cohort.objects.create(
        organisation=organisation,
        name=name,
        reason=reason,
        uploaded_by=uploaded_by,
        uploaded_at=timezone.now(),
        file_name=file_name[:255],
        file_sha256=digest,
        report=parsed.report(),
    )
    audit.record_creation(cohort, person_id=None)
    members = CohortMember.objects.bulk_create(
        [
            CohortMember(
                organisation=organisation,
                cohort=cohort,
                given_name=row.given_name,
                family_name=row.family_name,
                date_of_birth=row.date_of_birth,
                nhs_number=row.nhs_number,
                phone=row.phone,
                reason=row.reason,
            )
            for row in parsed.rows
        ],
        batch_size=BATCH_SIZE,
    )
    _record_member_creations(members)
    return cohort


def _record_member_creations(members: list[CohortMember]) -> None:
    """One audit event per member added, written in one insert (record_creation would cost
    a query each)."""
    audit.record_many(
        action=AuditEvent.Action.CREATED,
        instances=members,
        person_id=lambda member: None,
        changes=lambda member: {
            name: [None, audit.plain(getattr(member, name))] for name in MEMBER_AUDITED_FIELDS
        },
    )


def record_members_viewed(members: Iterable[CohortMember]) -> None:
    """A call list page shows names, dates of birth and phone numbers: each counts as seen."""
    audit.record_many(
        action=AuditEvent.Action.VIEWED,
        instances=members,
        person_id=lambda member: member.person_id,
    )


@transaction.atomic
def log_attempt(
    *,
    member: CohortMember,
    expected_version: int,
    outcome: Outcome | str,
    by: User,
    at: datetime.datetime | None = None,
    call_back_at: datetime.datetime | None = None,
    note: str = "",
    consent: dict[str, Any] | None = None,
) -> CallAttempt:
    """Log one telephone attempt and apply its effect on the member.

    The member's row is locked and re-read, and `expected_version` must still be its version:
    two link workers logging a call to the same person at once cannot both count (the second
    gets StaleEditError and sees the first one's call). NotOnList if they have left the list.

    "Wants support" needs `consent`: what they were asked on the call (consent_to_hold,
    consent_to_share) and what they said (consent_said); NoConsent unless they agreed that we
    hold their information."""
    consent = consent or {}
    if Outcome(outcome) == Outcome.WANTS_SUPPORT and not (
        consent.get("consent_to_hold") and consent.get("consent_said")
    ):
        raise NoConsent(
            "A case is opened only when they agree that we hold their information, and what "
            "they said is recorded"
        )
    saved = CohortMember.objects.select_for_update().get(pk=member.pk)
    if saved.status != MemberStatus.ON_LIST:
        raise NotOnList(f"{saved.full_name} is no longer on the call list")
    if saved.version != expected_version:
        raise StaleEditError(current=saved)
    outcome = Outcome(outcome)
    at = at or timezone.now()
    before = audit.snapshot(saved)
    attempt = CallAttempt.objects.create(
        organisation_id=saved.organisation_id,
        member=saved,
        at=at,
        by=by,
        outcome=outcome,
        call_back_at=call_back_at if outcome == Outcome.CALL_BACK else None,
        note=note,
        consent_said=consent.get("consent_said", "") if outcome == Outcome.WANTS_SUPPORT else "",
    )
    audit.record_creation(attempt, person_id=saved.person_id)

    changes: dict[str, Any] = {
        "last_attempt_at": at,
        "call_back_at": attempt.call_back_at,
    }
    if outcome in FAILED_OUTCOMES:
        failed = saved.failed_attempts + 1
        changes["failed_attempts"] = failed
        limit = outreach_settings(saved.organisation).failed_attempt_limit
        if failed >= limit:
            changes["status"] = MemberStatus.LEFT_LIST
            changes["left_reason"] = f"No answer after {failed} attempt{'s' if failed != 1 else ''}"
    elif outcome in LEFT_REASONS:
        changes["status"] = MemberStatus.LEFT_LIST
        changes["left_reason"] = LEFT_REASONS[outcome]
    elif outcome == Outcome.WANTS_SUPPORT:
        person, referral = _make_case(member=saved, attempt=attempt, by=by, consent=consent)
        changes.update(status=MemberStatus.WANTS_SUPPORT, person=person, referral=referral)
    saved = update_versioned(saved, expected_version=saved.version, changes=changes)
    audit.record_change(saved, before=before, person_id=saved.person_id)
    return attempt


def find_person(member: CohortMember) -> Person | None:
    """The existing record the duplicate check finds for this member, when it is safe to
    attach: the same NHS number, or exactly the same name and date of birth with no other NHS
    number. Looser matches (similar names) are left for a person to merge later."""
    candidates = [
        person
        for person in people_selectors.possible_duplicates(
            given_name=member.given_name,
            family_name=member.family_name,
            date_of_birth=member.date_of_birth,
            nhs_number=member.nhs_number,
        )
        if person.organisation_id == member.organisation_id
    ]
    for person in candidates:
        if person.nhs_number == member.nhs_number:
            return person
    exact = [
        person
        for person in candidates
        if person.given_name.lower() == member.given_name.lower()
        and person.family_name.lower() == member.family_name.lower()
        and person.date_of_birth == member.date_of_birth
        and not person.nhs_number
    ]
    return exact[0] if len(exact) == 1 else None


def _make_case(
    *, member: CohortMember, attempt: CallAttempt, by: User, consent: dict[str, Any]
) -> tuple[Person, Referral]:
    """The person said yes on the phone: a record (found or new) holding the consent they gave
    on the call, a targeted-outreach referral matched to it and accepted, and, when a link
    worker made the call, allocated to them with the call logged as the case's first contact.
    A manager's call leaves the referral accepted, to be allocated from the waiting list page."""
    agreed = {
        "consent_to_hold": True,
        "consent_to_share": bool(consent.get("consent_to_share")),
        "consent_method": ConsentMethod.VERBAL,
    }
    person = find_person(member)
    if person is None:
        person = people_services.create_person(
            organisation=member.organisation,
            data={
                "given_name": member.given_name,
                "family_name": member.family_name,
                "date_of_birth": member.date_of_birth,
                "nhs_number": member.nhs_number,
                "phone": member.phone,
                "preferred_contact_method": ContactMethod.PHONE,
                **agreed,
            },
        )
    else:
        person = people_services.update_person(
            person=person, expected_version=person.version, data=agreed
        )
    referral = referral_services.receive_referral(
        organisation=member.organisation,
        received_at=attempt.at,
        data={
            "given_name": member.given_name,
            "family_name": member.family_name,
            "date_of_birth": member.date_of_birth,
            "nhs_number": member.nhs_number,
            "phone": member.phone,
            "preferred_contact_method": ContactMethod.PHONE,
            "source_type": SourceType.TARGETED_OUTREACH,
            "referrer_name": str(by),
            "referrer_role": "Outreach call",
            "referrer_organisation": member.organisation.name,
            "reason_details": f"Targeted outreach ({member.cohort.name}): {member.reason}",
            "consent_given": True,
            "consent_method": ConsentMethod.VERBAL,
            "consent_given_at": attempt.at,
            "consent_recorded_by": str(by),
        },
    )
    note = (
        "Targeted outreach call: wants support. Asked for consent, they said: "
        f"{attempt.consent_said}"
    )
    referral = referral_services.triage(referral=referral, person=person, note=note)
    referral = referral_services.move(referral=referral, to=State.ACCEPTED, note=note)
    if by.role == Role.LINK_WORKER:
        referral = referral_services.move(
            referral=referral, to=State.ALLOCATED, note=note, changes={"allocated_to": by}
        )
        contact_services.log_contact(
            referral=referral,
            data={
                "when": attempt.at,
                "mode": ContactMode.TELEPHONE,
                "connected": True,
                "what_happened": " ".join(
                    part
                    for part in (
                        f"Outreach call ({member.cohort.name}): wants support.",
                        attempt.note,
                    )
                    if part
                ),
            },
        )
        referral.refresh_from_db()
    return person, referral
