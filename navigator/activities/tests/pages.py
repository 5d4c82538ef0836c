"""Rows of the accessibility scan (navigator/core/tests/test_accessibility.py) for the activity
referral pages, and the records they show. Imported by that module while it loads."""

import datetime

from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.activities import services
from navigator.activities.states import Side, Status
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
from navigator.directory.tests.factories import DirectoryOrganisationFactory, ServiceFactory

PROVIDER, VOLUNTEER = Role.VCS_PROVIDER, Role.VOLUNTEER


def build(world: World) -> dict:
    provider_org = DirectoryOrganisationFactory(name="Meanwood Walkers")
    provider_org.provider_users.add(world.users[PROVIDER])
    walking = ServiceFactory(organisation=provider_org, name="Walking group", keywords="walk")
    leaflet = ServiceFactory(
        organisation=provider_org, name="Walking leaflet", takes_direct_referrals=False
    )
    link_worker = world.users[LINK_WORKER]
    with acting_as(Actor(user=link_worker, ip_address="127.0.0.1")):
        sent = services.refer(
            person=world.person,
            service=walking,
            made_by=link_worker,
            reason="Getting out more",
            planned_first_session=timezone.now() + datetime.timedelta(days=3),
        )
        attending = services.refer(
            person=world.person, service=walking, made_by=link_worker, reason="Company"
        )
        services.move(
            referral=attending, to=Status.ACCEPTED, side=Side.PROVIDER, by=world.users[PROVIDER]
        )
        services.refer(person=world.person, service=leaflet, made_by=link_worker, reason="Info")
        services.save_volunteer_profile(
            user=world.users[VOLUNTEER],
            data={
                "availability": "Mornings",
                "skills": "Walking",
                "languages": "English",
                "dbs_checked_on": timezone.localdate() - datetime.timedelta(days=30),
            },
        )
        visit = services.arrange_accompaniment(
            referral=sent,
            companion=world.users[VOLUNTEER],
            arranged_by=link_worker,
            data={
                "meet_at": timezone.now() + datetime.timedelta(days=3),
                "meeting_point": "Meanwood Park gates",
                "travel_notes": "Bus 51",
                "access_needs": "Walks slowly",
            },
        )
    return {
        "walking": walking,
        "leaflet": leaflet,
        "sent_activity": sent,
        "attending_activity": attending,
        "visit": visit,
    }


def person(world: World) -> dict:
    return {"pk": world.person.pk}


def sent(world: World) -> dict:
    return {"pk": world.extra["sent_activity"].pk}


PAGES = [
    Page("activities:person", LINK_WORKER, person),
    Page("activities:choose_service", LINK_WORKER, person),
    Page(
        "activities:choose_service",
        LINK_WORKER,
        person,
        state="searched",
        then=submit("Search", **{"#id_q": "walking"}),
        expect="main a[href*='/refer/']",
        lands_on=lambda world: f"/activities/people/{world.person.pk}/refer/",
    ),
    Page(
        "activities:create",
        LINK_WORKER,
        lambda world: {"pk": world.person.pk, "service_pk": world.extra["walking"].pk},
    ),
    Page(
        "activities:create",
        LINK_WORKER,
        lambda world: {"pk": world.person.pk, "service_pk": world.extra["walking"].pk},
        state=EMPTY,
        then=submit("Send the referral"),
        expect=ERRORS,
    ),
    Page(
        "activities:create",
        LINK_WORKER,
        lambda world: {"pk": world.person.pk, "service_pk": world.extra["leaflet"].pk},
        state="signposting only",
    ),
    Page("activities:detail", LINK_WORKER, sent),
    Page("activities:move", LINK_WORKER, lambda world: {**sent(world), "status": "failed"}),
    Page(
        "activities:move",
        LINK_WORKER,
        lambda world: {**sent(world), "status": "failed"},
        state=EMPTY,
        then=submit("Record that they stopped or did not go"),
        expect=ERRORS,
    ),
    Page("activities:accompany", LINK_WORKER, sent),
    Page(
        "activities:accompany",
        LINK_WORKER,
        sent,
        state=EMPTY,
        then=submit("Arrange"),
        expect=ERRORS,
    ),
    Page("activities:outcome", LINK_WORKER, lambda world: {"pk": world.extra["visit"].pk}),
    Page("activities:inbox", PROVIDER),
    Page("activities:respond", PROVIDER, lambda world: {**sent(world), "status": "rejected"}),
    Page(
        "activities:respond",
        PROVIDER,
        lambda world: {**sent(world), "status": "rejected"},
        state=EMPTY,
        then=submit("Decline"),
        expect=ERRORS,
    ),
    Page("activities:volunteers", MANAGER),
    Page("activities:volunteer", MANAGER, lambda world: {"pk": world.users[VOLUNTEER].pk}),
    Page("activities:visits", VOLUNTEER),
]
