"""Writes to referrals. Every change of state goes through `move`, which checks the state
machine (states.py), keeps the transition, the reporting times and the SNOMED coded events,
and leaves an audit event."""

import re
import secrets
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation, User
from navigator.accounts.tasks import send_email
from navigator.audit import services as audit
from navigator.audit.context import current_actor
from navigator.audit.models import AuditEvent
from navigator.core.concurrency import update_versioned
from navigator.core.formatting import format_date
from navigator.people import services as people_services
from navigator.people.models import Person
from navigator.referrals.models import (
    DEFAULT_REASONS,
    CodedEvent,
    Referral,
    ReferralEmailTemplate,
    ReferralReason,
    SourceType,
    Transition,
)
from navigator.referrals.selectors import onward_destinations
from navigator.referrals.states import (
    CASE_STAGES,
    State,
    TransitionNotAllowed,
    check_transition,
)

# No 0/O, 1/I/L: references are read out over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8

# The reporting time each state stamps the first time it is reached.
TIMESTAMPS = {
    State.TRIAGED: "triaged_at",
    State.ACCEPTED: "triaged_at",
    State.DECLINED: "triaged_at",
    State.INFO_REQUESTED: "triaged_at",
    State.FIRST_CONTACT: "first_contact_at",
    State.ASSESSED: "assessed_at",
    State.CLOSED: "closed_at",
}
CODES = {
    State.ACCEPTED: CodedEvent.Code.REFERRAL_ACCEPTED,
    State.DECLINED: CodedEvent.Code.DECLINED,
}


def new_reference() -> str:
    """A reference unique across the deployment (not just the user's organisation)."""
    every_organisation = Referral.objects.with_scopes_disabled()
    while True:
        reference = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if not every_organisation.filter(reference=reference).exists():
            return reference


@transaction.atomic
def receive_referral(
    *,
    organisation: Organisation,
    data: dict[str, Any],
    reasons: Iterable[ReferralReason] = (),
    received_at: datetime | None = None,
) -> Referral:
    """Record a referral as it arrived; it starts in the organisation's triage queue."""
    actor = current_actor().user
    referral = Referral.objects.create(
        organisation=organisation,
        reference=new_reference(),
        state=State.RECEIVED,
        received_at=received_at or timezone.now(),
        referred_by=actor,
        **data,
    )
    referral.reasons.set(reasons)
    Transition.objects.create(
        organisation=organisation,
        referral=referral,
        from_state="",
        to_state=State.RECEIVED,
        at=referral.received_at,
        by=actor,
    )
    audit.record_creation(referral, person_id=None)
    return referral


@transaction.atomic
def move(
    *, referral: Referral, to: State, note: str = "", changes: dict[str, Any] | None = None
) -> Referral:
    """Move `referral` to state `to`, applying `changes` to its fields in the same step.

    The row is locked and re-read first, so two people triaging the same referral cannot both
    move it from the same state; the second gets TransitionNotAllowed."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    check_transition(locked.state, to)
    before = audit.snapshot(locked)
    now = timezone.now()
    actor = current_actor().user
    from_state = locked.state
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
    locked.state = to
    stamp = TIMESTAMPS.get(to)
    if stamp and getattr(locked, stamp) is None:
        setattr(locked, stamp, now)
    if to == State.WAITING:
        locked.waiting_since = now
    elif from_state == State.WAITING:
        locked.waiting_since = None
    locked.version += 1
    locked.save()
    Transition.objects.create(
        organisation_id=locked.organisation_id,
        referral=locked,
        from_state=from_state,
        to_state=to,
        at=now,
        by=actor,
        note=note,
    )
    if to in CODES:
        CodedEvent.objects.get_or_create(
            organisation_id=locked.organisation_id,
            referral=locked,
            code=CODES[to],
            defaults={"at": now, "by": actor},
        )
    audit.record_change(locked, before=before, person_id=locked.person_id)
    _refresh_due(locked)
    return locked


def _refresh_due(referral: Referral) -> None:
    """A case's start, stage and state feed its caseload due date; the caseload keeps it."""
    from navigator.contacts import due  # the caseload builds on referrals, not the reverse

    due.refresh(organisation_id=referral.organisation_id, referral_ids=[referral.pk])
    referral.refresh_from_db(fields=["contact_due_on", "is_new_case"])


# The reporting times each stage of casework stands for: an assessment is a contact too.
STAGE_TIMES = {
    State.FIRST_CONTACT: ("first_contact_at",),
    State.ASSESSED: ("first_contact_at", "assessed_at"),
    State.ACTIVE: (),
}


def check_not_before_received(*, referral: Referral, day: date, field: str, what: str) -> None:
    """Casework is dated on or after the day its referral was received: a contact or an
    assessment dated earlier is a typing mistake, and it would put the case's first contact
    and waiting times before the case began. Raises ValidationError on `field`."""
    received_on = timezone.localdate(referral.received_at)
    if day < received_on:
        raise ValidationError(
            {
                field: f"{what} must be the same as or after {format_date(received_on)}, "
                "when the referral was received"
            }
        )


@transaction.atomic
def record_stage(*, referral: Referral, stage: State, at: datetime, note: str) -> Referral:
    """Record that casework on an open case reached `stage` (first contact, assessed, active
    support) at `at`, whatever order the stages were recorded in: each reporting time of the
    stage keeps the earliest moment given, and the case moves forward to `stage` unless it is
    there or further on already. A referral that is not an open case is left as it is."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.state not in CASE_STAGES:
        return locked
    times = {
        name: at
        for name in STAGE_TIMES[stage]
        if getattr(locked, name) is None or at < getattr(locked, name)
    }
    if CASE_STAGES.index(stage) > CASE_STAGES.index(State(locked.state)):
        return move(referral=locked, to=stage, note=note, changes=times)
    if times:
        before = audit.snapshot(locked)
        locked = update_versioned(locked, expected_version=locked.version, changes=times)
        audit.record_change(locked, before=before, person_id=locked.person_id)
    return locked


def _consent_of(referral: Referral) -> dict[str, object]:
    """The consent the person gave on the referral, as their record holds it: agreeing to be
    referred is agreeing that the service holds their information, not that it shares it."""
    if not referral.consent_given:
        return {}
    return {"consent_to_hold": True, "consent_method": referral.consent_method}


@transaction.atomic
def triage(*, referral: Referral, person: Person, note: str = "") -> Referral:
    """Match the referral to a person's record (an existing one, or one just created). A
    record with no consent recorded takes the consent given on the referral, and one with no
    main language the language the person gave."""
    referral = move(referral=referral, to=State.TRIAGED, note=note, changes={"person": person})
    person = Person.objects.get(pk=person.pk)
    data: dict[str, object] = {}
    if person.consent_recorded_at is None:
        data |= _consent_of(referral)
    if referral.language and not person.language.strip():
        data["language"] = referral.language
    if data:
        people_services.update_person(person=person, expected_version=person.version, data=data)
    return referral


@transaction.atomic
def create_person_and_triage(*, referral: Referral, note: str = "") -> Referral:
    """Make a new record from the details the referrer gave, and match the referral to it."""
    check_transition(Referral.objects.get(pk=referral.pk).state, State.TRIAGED)
    person = people_services.create_person(
        organisation=referral.organisation,
        data={
            "given_name": referral.given_name,
            "family_name": referral.family_name,
            "date_of_birth": referral.date_of_birth,
            "nhs_number": referral.nhs_number,
            "address_line_1": referral.address.replace("\n", ", ")[:200],
            "postcode": referral.postcode,
            "phone": referral.phone,
            "email": referral.email,
            "gp_practice": referral.gp_practice,
            "preferred_contact_method": referral.preferred_contact_method,
            "preferred_contact_times": referral.preferred_contact_times,
            "language": referral.language,
            **_consent_of(referral),
        },
    )
    return triage(referral=referral, person=person, note=note)


# The referrer's e-mails ------------------------------------------------------------------------

PLACEHOLDERS = {
    "reference": "the referral's reference",
    "person_initials": "the person's initials (never their name)",
    "organisation": "your organisation's name",
    "decline_reason": "why it was declined",
    "signposting_note": "where the person was signposted",
}
PLACEHOLDER = re.compile(r"\{(\w+)\}")

DEFAULT_EMAILS = {
    ReferralEmailTemplate.Kind.ACCEPTED: (
        "Referral {reference} accepted",
        "Thank you for your referral {reference} (for {person_initials}).\n\n"
        "{organisation} has accepted it. A link worker will contact the person soon.\n",
    ),
    ReferralEmailTemplate.Kind.DECLINED: (
        "Referral {reference} declined",
        "Thank you for your referral {reference} (for {person_initials}).\n\n"
        "{organisation} cannot take it on. Reason: {decline_reason}.\n\n"
        "{signposting_note}\n",
    ),
}


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace {name} by its value. Plain substitution, not str.format: a template can
    reach nothing but the values given."""
    return PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]), text)


@transaction.atomic
def email_templates(*, organisation: Organisation) -> dict[str, ReferralEmailTemplate]:
    """The organisation's two templates, created with the default wording on first use."""
    templates: dict[str, ReferralEmailTemplate] = {}
    for kind, (subject, body) in DEFAULT_EMAILS.items():
        template, _ = ReferralEmailTemplate.objects.get_or_create(
            organisation=organisation, kind=kind, defaults={"subject": subject, "body": body}
        )
        templates[kind] = template
    return templates


@transaction.atomic
def update_email_template(
    *, template: ReferralEmailTemplate, expected_version: int, subject: str, body: str
) -> ReferralEmailTemplate:
    """StaleEditError when someone saved the template since the form was opened."""
    # Re-read: a ModelForm has already written the typed values into the instance it holds.
    saved = ReferralEmailTemplate.objects.get(pk=template.pk)
    before = audit.snapshot(saved)
    template = update_versioned(
        saved, expected_version=expected_version, changes={"subject": subject, "body": body}
    )
    audit.record_change(template, before=before, person_id=None)
    return template


def _tell_referrer(referral: Referral, kind: str) -> None:
    """Queue the e-mail to the referrer once the transaction commits, where the person's
    consent allows and there is an address to write to."""
    if not (referral.consent_given and referral.referrer_email):
        return
    template = email_templates(organisation=referral.organisation)[kind]
    values = {
        "reference": referral.reference,
        "person_initials": referral.initials,
        "organisation": referral.organisation.name,
        "decline_reason": referral.get_decline_reason_display(),
        "signposting_note": referral.signposting_note,
    }
    subject = " ".join(fill_placeholders(template.subject, values).split())
    body = fill_placeholders(template.body, values)
    to = [referral.referrer_email]
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=to))


@transaction.atomic
def accept(*, referral: Referral, note: str = "") -> Referral:
    referral = move(referral=referral, to=State.ACCEPTED, note=note)
    _tell_referrer(referral, ReferralEmailTemplate.Kind.ACCEPTED)
    return referral


@transaction.atomic
def decline(*, referral: Referral, reason: str, signposting_note: str = "") -> Referral:
    referral = move(
        referral=referral,
        to=State.DECLINED,
        note=signposting_note,
        changes={"decline_reason": reason, "signposting_note": signposting_note},
    )
    _tell_referrer(referral, ReferralEmailTemplate.Kind.DECLINED)
    return referral


def allocate(*, referral: Referral, link_worker: User, note: str = "") -> Referral:
    if link_worker.organisation_id != referral.organisation_id:
        raise TransitionNotAllowed("Choose a link worker of this service")
    return move(
        referral=referral, to=State.ALLOCATED, note=note, changes={"allocated_to": link_worker}
    )


# The organisation's list of reasons -------------------------------------------------------------


@transaction.atomic
def seed_reasons(*, organisation: Organisation) -> None:
    """Give an organisation the default reasons the first time its list is used. Running it
    again adds nothing, even after the list has been edited."""
    if ReferralReason.objects.filter(organisation=organisation).exists():
        return
    for position, name in enumerate(DEFAULT_REASONS, start=1):
        reason = ReferralReason.objects.create(
            organisation=organisation, name=name, position=position
        )
        audit.record_creation(reason, person_id=None)


@transaction.atomic
def add_reason(*, organisation: Organisation, name: str) -> ReferralReason:
    last = ReferralReason.objects.filter(organisation=organisation).order_by("-position").first()
    reason = ReferralReason.objects.create(
        organisation=organisation, name=name, position=(last.position + 1) if last else 1
    )
    audit.record_creation(reason, person_id=None)
    return reason


@transaction.atomic
def update_reason(
    *, reason: ReferralReason, expected_version: int, name: str, active: bool
) -> ReferralReason:
    """Rename or switch a reason; StaleEditError when someone saved it since the form opened."""
    saved = ReferralReason.objects.get(pk=reason.pk)
    before = audit.snapshot(saved)
    reason = update_versioned(
        saved, expected_version=expected_version, changes={"name": name, "active": active}
    )
    audit.record_change(reason, before=before, person_id=None)
    return reason


# Onward referral --------------------------------------------------------------------------------

# What a link worker may choose to share, beyond the name and date of birth a referral needs.
SHAREABLE = {
    "nhs_number": "NHS number",
    "contact": "Address, phone number and e-mail",
    "gp_practice": "GP practice",
    "contact_preferences": "How and when they prefer to be contacted, and their main language",
}


class OnwardReferralNotAllowed(ValueError):
    pass


@transaction.atomic
def refer_onward(
    *,
    person: Person,
    to_organisation: Organisation,
    share: Iterable[str],
    reason_details: str,
    risks: str = "",
) -> Referral:
    """Refer `person` to another service in this deployment, sharing only the fields chosen.

    The new referral belongs to the receiving organisation: from then on the sender cannot
    open it. This is the one place that writes across organisations."""
    sender = current_actor().user
    if not person.consent_to_share:
        raise OnwardReferralNotAllowed(
            "This person has not agreed that we share their information with other services"
        )
    if to_organisation.pk == person.organisation_id:
        raise OnwardReferralNotAllowed("Choose another service than your own")
    with scopes_disabled():
        if not onward_destinations(person.organisation).filter(pk=to_organisation.pk).exists():
            raise OnwardReferralNotAllowed(
                f"{to_organisation.name} is not a social prescribing service in Navigator"
            )
    share = set(share)
    data: dict[str, Any] = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "source_type": SourceType.SOCIAL_PRESCRIBING,
        "referring_organisation": person.organisation,
        "onward_from": person,
        "referrer_name": str(sender) if sender else "",
        "referrer_role": getattr(sender, "job_title", "") or "Link worker",
        "referrer_organisation": person.organisation.name,
        "referrer_email": getattr(sender, "email", ""),
        "referrer_phone": getattr(sender, "phone", ""),
        "reason_details": reason_details,
        "risks": risks,
        "consent_given": True,
        "consent_method": person.consent_method,
        "consent_given_at": person.consent_recorded_at,
        "consent_recorded_by": str(person.consent_recorded_by or ""),
    }
    if "nhs_number" in share:
        data["nhs_number"] = person.nhs_number
    if "contact" in share:
        lines = [person.address_line_1, person.address_line_2, person.town]
        data |= {
            "address": "\n".join(line for line in lines if line),
            "postcode": person.postcode,
            "phone": person.phone,
            "email": person.email,
        }
    if "gp_practice" in share:
        data["gp_practice"] = person.gp_practice
    if "contact_preferences" in share:
        data |= {
            "preferred_contact_method": person.preferred_contact_method,
            "preferred_contact_times": person.preferred_contact_times,
            "language": person.language,
        }
    with scopes_disabled():
        referral = receive_referral(organisation=to_organisation, data=data)
    # The sender's own trail says what left the organisation, and to where.
    audit.record(
        action=AuditEvent.Action.UPDATED,
        instance=person,
        person_id=person.pk,
        changes={
            "referred onward": [None, f"{to_organisation.name}, reference {referral.reference}"],
            "shared": [None, ", ".join(SHAREABLE[name] for name in sorted(share)) or "name only"],
        },
    )
    return referral
