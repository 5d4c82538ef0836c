"""The directory rows of the permission table (navigator/core/tests/test_url_permissions.py).

The directory is deployment-wide, not per organisation, so object rows have has_object=False,
except an import report, which belongs to the organisation of the user who uploaded it.
A VCS provider edits only the listings of directory organisations they are linked to; the
table's provider is created after build_world, so `owned_listing` links the organisation's
provider users to the listing's organisation when the row is requested. That another
provider's listing answers 403 is tested in test_edit_permissions.py, and every listing URL
for a listing another organisation keeps, GET and POST, in test_foreign_listings.py.
"""

from navigator.accounts.models import User
from navigator.accounts.permissions import Permission, Role
from navigator.accounts.tests.factories import UserFactory
from navigator.core.tests.test_url_permissions import PUBLIC, Row, World
from navigator.directory import services
from navigator.directory.tests.factories import ScheduleFactory, TaxonomyTermFactory, service_at


def build_world(organisation) -> dict:
    service = service_at("LS6 2AB", 53.82, -1.576, owner=organisation)
    ScheduleFactory(service=service)
    service.categories.add(TaxonomyTermFactory())
    importer = UserFactory(organisation=organisation, role=Role.MANAGER)
    run = services.import_directory(content=b"[]", file_name="empty.json", by=importer)
    suggestion = services.suggest_change(
        service=service,
        by=UserFactory(organisation=organisation, role=Role.LINK_WORKER),
        changes={"email": "new@example.org"},
        note="",
    )
    return {"directory_service": service, "directory_import": run, "suggestion": suggestion}


def service(world: World) -> dict:
    return {"pk": world.extra["directory_service"].pk}


def owned_listing(world: World) -> dict:
    listing = world.extra["directory_service"]
    providers = User.objects.filter(organisation=world.organisation, role=Role.VCS_PROVIDER)
    listing.organisation.provider_users.add(*providers)
    return {"pk": listing.pk}


def suggestion_to_owned_listing(world: World) -> dict:
    owned_listing(world)
    return {"pk": world.extra["suggestion"].pk}


def organisation(world: World) -> dict:
    return {"pk": world.extra["directory_service"].organisation.pk}


ROWS = {
    "directory:search": Row(Permission.VIEW_DIRECTORY),
    "directory:service": Row(Permission.VIEW_DIRECTORY, service),
    "directory:service_create": Row(Permission.MANAGE_DIRECTORY),
    "directory:service_edit": Row(Permission.MANAGE_DIRECTORY, owned_listing),
    "directory:service_check": Row(Permission.MANAGE_DIRECTORY, owned_listing),
    "directory:suggest": Row(Permission.VIEW_DIRECTORY, service),
    "directory:suggestions": Row(Permission.MANAGE_DIRECTORY),
    "directory:suggestion": Row(Permission.MANAGE_DIRECTORY, suggestion_to_owned_listing),
    "directory:providers": Row(Permission.MANAGE_USERS, organisation),
    "directory:import": Row(Permission.MANAGE_DIRECTORY),
    "directory:import_report": Row(
        Permission.MANAGE_DIRECTORY,
        lambda world: {"pk": world.extra["directory_import"].pk},
        has_object=True,
    ),
    "directory:export_json": Row(Permission.VIEW_DIRECTORY),
    "directory:export_csv": Row(Permission.VIEW_DIRECTORY),
    "oruk:index": Row(PUBLIC),
    "oruk:services": Row(PUBLIC),
    "oruk:service": Row(PUBLIC, service),
    "oruk:openapi": Row(PUBLIC),
    "oruk:service_at_locations": Row(PUBLIC),
    "oruk:service_at_location": Row(
        PUBLIC, lambda world: {"pk": world.extra["directory_service"].service_at_locations.get().pk}
    ),
    "oruk:taxonomies": Row(PUBLIC),
    "oruk:taxonomy": Row(
        PUBLIC, lambda world: {"pk": world.extra["directory_service"].categories.get().taxonomy_id}
    ),
    "oruk:taxonomy_terms": Row(PUBLIC),
    "oruk:taxonomy_term": Row(
        PUBLIC, lambda world: {"pk": world.extra["directory_service"].categories.get().pk}
    ),
}
