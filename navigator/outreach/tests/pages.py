"""The outreach rows of the accessibility scan (navigator/core/tests/test_accessibility.py)."""

from navigator.accounts.permissions import Role
from navigator.audit.context import Actor, acting_as
from navigator.core.tests.test_accessibility import ERRORS, Page, World, submit
from navigator.outreach import services

LINK_WORKER, MANAGER = Role.LINK_WORKER, Role.MANAGER

COHORT_CSV = (
    b"name,date_of_birth,nhs_number,phone,reason,ward\n"
    b"Ada Okafor,12/04/1941,943 476 5919,0113 496 0000,Lives alone,Chapel Allerton\n"
    b"Grace Hopper,31/02/1940,123,0113,,Headingley\n"
    b"Edith Walker,1938-07-02,999 000 0018,07912 345 123,,Moortown\n"
)


def build(world: World) -> dict:
    with acting_as(Actor(user=world.users[MANAGER], ip_address="127.0.0.1")):
        cohort = services.upload_cohort(
            organisation=world.organisation,
            uploaded_by=world.users[MANAGER],
            name="Over 75s living alone",
            reason="Over 75 and living alone",
            file_name="over-75s.csv",
            content=COHORT_CSV,
        )
    member, referred = cohort.members.order_by("pk")
    link_worker = world.users[LINK_WORKER]
    with acting_as(Actor(user=link_worker, ip_address="127.0.0.1")):
        services.log_attempt(
            member=member, expected_version=member.version, outcome="voicemail", by=link_worker
        )
        services.log_attempt(
            member=referred,
            expected_version=referred.version,
            outcome="wants_support",
            by=link_worker,
            consent=CONSENT,
        )
    return {"outreach_cohort": cohort, "outreach_member": member, "outreach_referred": referred}


CONSENT = {"consent_to_hold": True, "consent_to_share": False, "consent_said": "Yes, that's fine"}


def cohort(world: World) -> dict:
    return {"pk": world.extra["outreach_cohort"].pk}


def member(world: World) -> dict:
    return {"pk": world.extra["outreach_member"].pk}


def referred(world: World) -> dict:
    return {"pk": world.extra["outreach_referred"].pk}


EMPTY = "submitted empty"

PAGES = [
    Page("outreach:call_list", LINK_WORKER),
    Page("outreach:call_list", MANAGER),
    Page("outreach:member", LINK_WORKER, member),
    Page(
        "outreach:member",
        LINK_WORKER,
        member,
        state=EMPTY,
        then=submit("Log the call"),
        expect=ERRORS,
    ),
    Page("outreach:member", LINK_WORKER, referred, state="wants support: referral made"),
    Page("outreach:cohort_list", MANAGER),
    Page("outreach:upload", MANAGER),
    Page("outreach:upload", MANAGER, state=EMPTY, then=submit("Upload"), expect=ERRORS),
    Page("outreach:cohort", MANAGER, cohort, state="upload report with bad rows"),
    Page("outreach:settings", MANAGER),
    Page(
        "outreach:settings",
        MANAGER,
        state="not a number",
        then=submit("Save", **{"#id_failed_attempt_limit": "0"}),
        expect=ERRORS,
    ),
]
