"""The directory rows of the accessibility scan (navigator/core/tests/test_accessibility.py)."""

from navigator.accounts.permissions import Role
from navigator.core.tests.test_accessibility import ERRORS, Page, World, submit
from navigator.directory import services
from navigator.directory.demo import load_demo_directory
from navigator.directory.models import DirectoryOrganisation, Service

LINK_WORKER, MANAGER, PROVIDER = Role.LINK_WORKER, Role.MANAGER, Role.VCS_PROVIDER
EMPTY = "submitted empty"

BROKEN_FEED = b"""{"total_items": 2, "contents": [
 {"id": "4a1a2c1e-0000-4000-8000-000000000001", "name": "Tea dance", "status": "active",
  "organization": {"id": "4a1a2c1e-0000-4000-8000-0000000000a1", "name": "Dance Leeds"}},
 {"id": "not-a-uuid", "name": "Broken", "organization": {"name": "Dance Leeds"}}
]}"""


def build(world: World) -> dict:
    load_demo_directory(seed=1)
    service = Service.objects.get(name="Woodhouse Moor walking group")
    Service.objects.filter(pk=service.pk).update(owner=world.organisation)
    organisation = DirectoryOrganisation.objects.get(pk=service.organisation_id)
    organisation.provider_users.add(world.users[PROVIDER])
    run = services.import_directory(
        content=BROKEN_FEED, file_name="feed.json", by=world.users[MANAGER]
    )
    stale = Service.objects.get(name="Community choir")
    Service.objects.filter(pk=stale.pk).update(last_checked=None)
    # The demo listing of the world's own service, which uses this Navigator.
    on_navigator = Service.objects.get(
        organisation__name=world.organisation.name, is_social_prescribing_service=True
    )
    Service.objects.filter(pk=on_navigator.pk).update(navigator_organisation=world.organisation)
    suggestion = services.suggest_change(
        service=service,
        by=world.users[LINK_WORKER],
        changes={"email": "walks@example.org", "is_free": False},
        note="The group now meets on Thursdays",
    )
    return {
        "directory_suggestion": suggestion,
        "directory_service": service,
        "directory_stale": stale,
        "directory_import": run,
        "directory_on_navigator": on_navigator,
    }


def service(world: World) -> dict:
    return {"pk": world.extra["directory_service"].pk}


def organisation(world: World) -> dict:
    return {"pk": world.extra["directory_service"].organisation_id}


PAGES = [
    Page("directory:search", LINK_WORKER),
    Page(
        "directory:search",
        LINK_WORKER,
        state="searched near a postcode",
        then=submit("Search", **{"#id_q": "walking", "#id_postcode": "LS6 2AB"}),
    ),
    Page(
        "directory:search",
        Role.VOLUNTEER,
        state="bad postcode",
        then=submit("Search", **{"#id_postcode": "LS99 ZZZ"}),
        expect=ERRORS,
    ),
    Page("directory:search", MANAGER, state="listings needing checks"),
    Page("directory:service", LINK_WORKER, service),
    Page("directory:service", PROVIDER, service),
    Page(
        "directory:service",
        MANAGER,
        lambda world: {"pk": world.extra["directory_stale"].pk},
        state="needs checking",
        expect=".nhsuk-card--warning",
    ),
    Page(
        "directory:service",
        LINK_WORKER,
        lambda world: {"pk": world.extra["directory_on_navigator"].pk},
        state="uses Navigator",
        expect=".nhsuk-inset-text",
    ),
    Page("directory:service_create", MANAGER),
    Page("directory:service_create", MANAGER, state=EMPTY, then=submit("Save"), expect=ERRORS),
    Page("directory:service_edit", PROVIDER, service),
    Page("directory:service_check", MANAGER, service),
    Page(
        "directory:service_check",
        MANAGER,
        service,
        state=EMPTY,
        then=submit("Mark as checked"),
        expect=ERRORS,
    ),
    Page("directory:suggest", LINK_WORKER, service),
    Page(
        "directory:suggest",
        LINK_WORKER,
        service,
        state=EMPTY,
        then=submit("Send suggestion", **{"#id_name": ""}),
        expect=ERRORS,
    ),
    Page("directory:suggestions", MANAGER),
    Page(
        "directory:suggestion",
        MANAGER,
        lambda world: {"pk": world.extra["directory_suggestion"].pk},
    ),
    Page("directory:providers", MANAGER, organisation),
    Page("directory:import", MANAGER),
    Page("directory:import", MANAGER, state=EMPTY, then=submit("Import"), expect=ERRORS),
    Page(
        "directory:import_report",
        MANAGER,
        lambda world: {"pk": world.extra["directory_import"].pk},
        state="with a skipped record",
    ),
]
