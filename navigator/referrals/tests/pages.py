"""Rows of the accessibility scan (navigator/core/tests/test_accessibility.py) for the
referral pages, and the records they show. Imported by that module while it loads."""

import datetime

from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.audit.context import Actor, acting_as
from navigator.core.tests.test_accessibility import (
    EMPTY,
    ERRORS,
    LINK_WORKER,
    MANAGER,
    Page,
    World,
    submit,
)
from navigator.people import services as people_services
from navigator.referrals import services
from navigator.referrals.models import ReferralReason, SourceType
from navigator.referrals.states import State

REFERRER = Role.REFERRER


def _data(**overrides: object) -> dict:
    return {
        "given_name": "Ada",
        "family_name": "Okafor",
        "date_of_birth": datetime.date(1961, 4, 12),
        "postcode": "LS6 2AB",
        "source_type": SourceType.PRIMARY_CARE,
        "referrer_name": "Dr Asha Patel",
        "referrer_email": "asha.patel@example.org",
        "consent_given": True,
        "consent_method": "verbal",
        **overrides,
    }


def build(world: World) -> dict:
    organisation = world.organisation
    calder = OrganisationFactory(name="Calder Valley Social Prescribing")
    UserFactory(organisation=calder, role=Role.MANAGER)
    with acting_as(Actor(user=world.users[LINK_WORKER], ip_address="127.0.0.1")):
        services.seed_reasons(organisation=organisation)
        reasons = list(ReferralReason.objects.filter(organisation=organisation)[:2])
        new = services.receive_referral(organisation=organisation, data=_data(), reasons=reasons)
        asked = services.receive_referral(
            organisation=organisation, data=_data(given_name="Bola", consent_given=False)
        )
        asked = services.move(referral=asked, to=State.INFO_REQUESTED, note="Which GP?")
        triaged = services.receive_referral(organisation=organisation, data=_data())
        triaged = services.triage(referral=triaged, person=world.person)
        accepted = services.receive_referral(organisation=organisation, data=_data())
        accepted = services.triage(referral=accepted, person=world.person)
        accepted = services.accept(referral=accepted)
        waiting = services.receive_referral(organisation=organisation, data=_data())
        waiting = services.triage(referral=waiting, person=world.other_person)
        waiting = services.accept(referral=waiting)
        services.move(referral=waiting, to=State.WAITING)
        sharer = people_services.create_person(
            organisation=organisation,
            data={
                "given_name": "Chen",
                "family_name": "Li",
                "date_of_birth": datetime.date(1970, 1, 2),
                "consent_to_hold": True,
                "consent_to_share": True,
                "consent_method": "written",
            },
        )
        services.refer_onward(
            person=sharer, to_organisation=calder, share=[], reason_details="Moving house"
        )
    return {
        "new_referral": new,
        "asked_referral": asked,
        "triaged_referral": triaged,
        "accepted_referral": accepted,
        "sharer": sharer,
        "reason": reasons[0],
    }


def new(world: World) -> dict:
    return {"pk": world.extra["new_referral"].pk}


def asked(world: World) -> dict:
    return {"pk": world.extra["asked_referral"].pk}


def triaged(world: World) -> dict:
    return {"pk": world.extra["triaged_referral"].pk}


def accepted(world: World) -> dict:
    return {"pk": world.extra["accepted_referral"].pk}


REFERRAL_FIELDS = {
    "#id_given_name": "Grace",
    "#id_family_name": "Hopper",
    "#id_date_of_birth_day": "9",
    "#id_date_of_birth_month": "12",
    "#id_date_of_birth_year": "1956",
}

PAGES = [
    Page("referrals:queue", LINK_WORKER),
    Page("referrals:queue", MANAGER),
    Page("referrals:create", REFERRER),
    Page("referrals:create", LINK_WORKER),
    Page("referrals:create", REFERRER, state=EMPTY, then=submit("Send referral"), expect=ERRORS),
    Page(
        "referrals:create",
        REFERRER,
        state="sent",
        then=submit("Send referral", **REFERRAL_FIELDS),
        expect="#confirmation",
        lands_on=lambda world: reverse("referrals:sent"),
    ),
    Page("referrals:sent", REFERRER),
    Page("referrals:made", REFERRER),
    Page("referrals:waiting_list", MANAGER),
    Page("referrals:detail", LINK_WORKER, new, expect="#possible-matches"),
    Page("referrals:detail", MANAGER, accepted, state="accepted", expect="#coded-events"),
    Page("referrals:accept", LINK_WORKER, triaged),
    Page("referrals:decline", LINK_WORKER, new),
    Page(
        "referrals:decline",
        LINK_WORKER,
        new,
        state=EMPTY,
        then=submit("Decline referral"),
        expect=ERRORS,
    ),
    Page(
        "referrals:accept",
        LINK_WORKER,
        new,
        state="not allowed yet",
        then=submit("Accept referral"),
        expect=ERRORS,
    ),
    Page("referrals:request_info", LINK_WORKER, new),
    Page("referrals:info_received", LINK_WORKER, asked),
    Page("referrals:attach", LINK_WORKER, new),
    Page("referrals:new_person", LINK_WORKER, new),
    Page("referrals:allocate", MANAGER, accepted),
    Page(
        "referrals:allocate",
        MANAGER,
        accepted,
        state=EMPTY,
        then=submit("Allocate"),
        expect=ERRORS,
    ),
    Page("referrals:wait", MANAGER, accepted),
    Page("referrals:onward", LINK_WORKER, lambda world: {"person_pk": world.extra["sharer"].pk}),
    Page(
        "referrals:onward_sent",
        LINK_WORKER,
        lambda world: {"person_pk": world.extra["sharer"].pk},
    ),
    Page(
        "referrals:onward",
        LINK_WORKER,
        lambda world: {"person_pk": world.other_person.pk},
        state="no consent to share",
        expect="#no-consent-to-share",
    ),
    Page("referrals:reasons", MANAGER),
    Page("referrals:reasons", MANAGER, state=EMPTY, then=submit("Add reason"), expect=ERRORS),
    Page("referrals:reason_edit", MANAGER, lambda world: {"pk": world.extra["reason"].pk}),
    Page("referrals:emails", MANAGER),
]
