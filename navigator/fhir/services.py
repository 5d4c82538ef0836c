"""Referrals arriving through the FHIR API. They go through `referrals.services` exactly as a
referral typed into the form does, and are matched to a person's record by NHS number."""

import contextlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from navigator.api.models import ApiClient
from navigator.fhir import codes
from navigator.fhir.models import Submission
from navigator.fhir.outcomes import FhirError
from navigator.fhir.parsing import IncomingReferral
from navigator.people import selectors as people_selectors
from navigator.referrals import services as referral_services
from navigator.referrals.models import Referral, ReferralReason
from navigator.restrictions import selectors as restriction_selectors


@dataclass(frozen=True)
class Received:
    referral: Referral
    created: bool  # False: the sender had already sent this ServiceRequest


def existing(*, system: str, value: str) -> Submission | None:
    return (
        Submission.objects.select_related("referral")
        .filter(identifier_system=system, identifier_value=value)
        .first()
    )


def _check_performer(client: ApiClient, incoming: IncomingReferral) -> None:
    ours = client.organisation.ods_code.upper()
    if ours and incoming.performer_ods and ours not in {c.upper() for c in incoming.performer_ods}:
        raise FhirError.one(
            422,
            "business-rule",
            f"The ServiceRequest's performer is not this service (ODS code {ours})",
            "ServiceRequest.performer",
        )


def _check_processing(incoming: IncomingReferral) -> None:
    """A person who asked us to restrict processing (UK GDPR Article 18) has nothing new done
    with their record until the restriction is lifted: the sender is told to ask the service."""
    nhs_number = incoming.data.get("nhs_number")
    if nhs_number and restriction_selectors.processing_restricted_for_number(nhs_number):
        raise FhirError.one(
            422,
            "business-rule",
            "This service cannot take this referral through the API: contact the service",
            "Patient.identifier",
        )


def _reasons(names: list[str]) -> tuple[list[ReferralReason], list[str]]:
    """The organisation's reasons whose names were sent; the other words go to the details."""
    listed = {reason.name.lower(): reason for reason in ReferralReason.objects.all()}
    matched = [listed[name.lower()] for name in names if name.lower() in listed]
    unmatched = [name for name in names if name.lower() not in listed]
    return matched, unmatched


def _match_person(referral: Referral) -> Referral:
    """Exactly one current record with the NHS number: triage matches the referral to it. Any
    other possible duplicate is shown to whoever triages it, as for a referral typed in."""
    if not referral.nhs_number:
        return referral
    same_number = [
        person
        for person in people_selectors.possible_duplicates(
            given_name=referral.given_name,
            family_name=referral.family_name,
            date_of_birth=referral.date_of_birth,
            nhs_number=referral.nhs_number,
        )
        if person.nhs_number == referral.nhs_number
    ]
    if len(same_number) != 1:
        return referral
    return referral_services.triage(
        referral=referral,
        person=same_number[0],
        note=f"Matched by NHS number on arrival through the FHIR API ({codes.NHS_NUMBER})",
    )


def _seed_reasons(client: ApiClient) -> None:
    """The organisation's first referral brings its default reasons. Two first referrals at
    once both try: the one that loses finds the list there."""
    with contextlib.suppress(IntegrityError):
        referral_services.seed_reasons(organisation=client.organisation)


def _create(client: ApiClient, incoming: IncomingReferral) -> Referral:
    reasons, unmatched = _reasons(incoming.reason_names)
    data = dict(incoming.data)
    details = [*(f"Reason given: {words}" for words in unmatched), data.get("reason_details", "")]
    data["reason_details"] = "\n\n".join(part for part in details if part)
    referral = referral_services.receive_referral(
        organisation=client.organisation, data=data, reasons=reasons
    )
    Submission.objects.create(
        organisation=client.organisation,
        referral=referral,
        client=client,
        identifier_system=incoming.identifier_system,
        identifier_value=incoming.identifier_value,
        requester_ods=incoming.requester_ods,
        requester_display=incoming.requester_display[:200],
        authored_on=incoming.authored_on,
    )
    return _match_person(referral)


def receive(*, client: ApiClient, incoming: IncomingReferral) -> Received:
    """Create the referral once per sender's identifier. A retry, or a second request racing
    this one, finds the first (the unique identifier decides the race in the database)."""
    _check_performer(client, incoming)
    _check_processing(incoming)
    system, value = incoming.identifier_system, incoming.identifier_value
    found = existing(system=system, value=value)
    if found is not None:
        return Received(found.referral, created=False)
    _seed_reasons(client)
    try:
        with transaction.atomic():
            return Received(_create(client, incoming), created=True)
    except IntegrityError:
        found = existing(system=system, value=value)
        if found is None:
            # Sent before, and its person's record has since been restricted: it exists, but
            # not for the client.
            raise FhirError.one(
                409,
                "conflict",
                "A referral with this identifier was received before and can no longer be "
                "read through the API",
                "ServiceRequest.identifier",
            ) from None
        return Received(found.referral, created=False)
