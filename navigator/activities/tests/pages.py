"""Rows of the accessibility scan (navigator/core/tests/test_accessibility.py) for the activity
referral pages, and the records they show. Imported by that module while it loads."""

import datetime
from collections.abc import Callable

from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.activities import services
from navigator.activities.states import Side, Status
from navigator.audit.context import Actor, acting_as
from navigator.core.tests.test_accessibility import (
    ANONYMOUS,
    EMPTY,
    ERRORS,
    LINK_WORKER,
    MANAGER,
    Page,
    World,
    submit,
)
from navigator.directory.tests.factories import (
    DirectoryOrganisationFactory,
    PostcodeFactory,
    ServiceFactory,
    service_at,
)
from navigator.links.models import Purpose
from navigator.links.services import issue_link

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
            activity_referral=attending,
            to=Status.ACCEPTED,
            side=Side.PROVIDER,
            by=world.users[PROVIDER],
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
            activity_referral=sent,
            companion=world.users[VOLUNTEER],
            arranged_by=link_worker,
            data={
                "meet_at": timezone.now() + datetime.timedelta(days=3),
                "meeting_point": "Meanwood Park gates",
                "travel_notes": "Bus 51",
                "access_needs": "Walks slowly",
            },
        )
        PostcodeFactory(postcode="LS6 2AB", latitude=53.82, longitude=-1.576)
        service_at("LS6 1AA", 53.825, -1.576, name="Park run", keywords="walk, run", is_free=True)
        services.save_preferences(
            person=world.person,
            data={"days": [1], "times_of_day": ["morning"], "interests": "walking, running"},
        )
        week = datetime.timedelta(days=7)
        answer = issue_link(purpose=Purpose.PROVIDER_RESPONSE, target=sent, valid_for=week)
        attendance = issue_link(
            purpose=Purpose.PROVIDER_ATTENDANCE, target=attending, valid_for=week
        )
        went = services.refer(
            person=world.person,
            service=walking,
            made_by=link_worker,
            reason="Meeting people",
            planned_first_session=timezone.now() - datetime.timedelta(days=8),
        )
        did_you_go = issue_link(purpose=Purpose.PERSON_ATTENDANCE, target=went, valid_for=week)
    return {
        "unreachable": ServiceFactory(name="Quiet garden", how_to_refer="Ring the organiser"),
        "did_you_go_token": did_you_go.token,
        "answer_token": answer.token,
        "attendance_token": attendance.token,
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
    Page(
        "activities:create",
        LINK_WORKER,
        lambda world: {"pk": world.other_person.pk, "service_pk": world.extra["walking"].pk},
        state="no consent to share",
        expect="#no-consent-to-share",
    ),
    Page(
        "activities:create",
        LINK_WORKER,
        lambda world: {"pk": world.person.pk, "service_pk": world.extra["unreachable"].pk},
        state="no one can receive it",
    ),
    Page(
        "activities:take_away",
        LINK_WORKER,
        lambda world: {"pk": world.person.pk, "service_pk": world.extra["unreachable"].pk},
    ),
    Page("activities:detail", LINK_WORKER, sent),
    Page("activities:first_session", LINK_WORKER, sent),
    Page(
        "activities:first_session",
        LINK_WORKER,
        sent,
        state="time without a date",
        then=submit("Save", **{"#id_planned_date_day": "", "#id_planned_time": "10:30"}),
        expect=ERRORS,
    ),
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


def answer_link(world: World) -> dict:
    return {"token": world.extra["answer_token"]}


def attendance_link(world: World) -> dict:
    return {"token": world.extra["attendance_token"]}


def choose_and_send(choice: str) -> Callable:
    def action(page, world: World) -> None:
        page.get_by_role("radio", name=choice).check()
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Send your answer").click()

    return action


PAGES += [
    Page("activities:suggestions", LINK_WORKER, person),
    Page("activities:preferences", LINK_WORKER, person),
    Page(
        "activities:preferences",
        LINK_WORKER,
        person,
        state="a distance of no miles",
        then=submit("Save", **{"#id_max_miles": "0"}),
        expect=ERRORS,
    ),
    Page("activities:provider_response", ANONYMOUS, answer_link),
    Page(
        "activities:provider_response",
        ANONYMOUS,
        answer_link,
        state="declined without a reason",
        then=choose_and_send("Decline"),
        expect=ERRORS,
    ),
    Page(
        "activities:provider_response",
        ANONYMOUS,
        answer_link,
        state="answered",
        then=choose_and_send("Accept: they can come"),
        expect=".nhsuk-panel",
    ),
    Page("activities:provider_attendance", ANONYMOUS, attendance_link),
    Page(
        "activities:provider_attendance",
        ANONYMOUS,
        attendance_link,
        state="answered",
        then=choose_and_send("Yes, they came"),
        expect=".nhsuk-panel",
    ),
]


PHONE = {"width": 375, "height": 667}


def did_you_go_link(world: World) -> dict:
    return {"token": world.extra["did_you_go_token"]}


def on_a_phone(page, world: World) -> None:
    page.set_viewport_size(PHONE)


def fits_the_phone(page, world: World) -> None:
    """Nothing wider than the phone (no sideways scrolling), with an answer chosen."""
    page.get_by_role("radio", name="No, I did not go").check()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def did_not_go(page, world: World) -> None:
    page.get_by_role("radio", name="No, I did not go").check()
    page.get_by_label("If you did not go, what got in the way? (optional)").fill("I felt unwell")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Send my answer").click()


def moved_to_the_past(page, world: World) -> None:
    page.get_by_role("radio", name="It has been moved to another date").check()
    fields = {"#id_new_date_day": "1", "#id_new_date_month": "1", "#id_new_date_year": "2020"}
    submit("Send my answer", **fields)(page, world)


PAGES += [
    Page("activities:person_attendance", ANONYMOUS, did_you_go_link),
    Page(
        "activities:person_attendance",
        ANONYMOUS,
        did_you_go_link,
        state="on a phone, no chosen",
        before=on_a_phone,
        then=fits_the_phone,
    ),
    Page(
        "activities:person_attendance",
        ANONYMOUS,
        did_you_go_link,
        state=EMPTY,
        then=submit("Send my answer"),
        expect=ERRORS,
    ),
    Page(
        "activities:person_attendance",
        ANONYMOUS,
        did_you_go_link,
        state="moved to a date in the past",
        then=moved_to_the_past,
        expect=ERRORS,
    ),
    Page(
        "activities:person_attendance",
        ANONYMOUS,
        did_you_go_link,
        state="answered",
        before=on_a_phone,
        then=did_not_go,
        expect=".nhsuk-panel",
    ),
]
