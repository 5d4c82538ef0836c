"""axe-core scans every page Navigator serves, in headless Chromium, as the role that uses it.

`PAGES` is the table: one row per page (and per error state of a form). A second test walks the
URLconf and fails when a URL name is neither scanned here nor listed in `NOT_HTML`, so a new
page cannot be added without being scanned.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.audit.context import Actor, acting_as
from navigator.core.tests.browser import (
    assert_nhs_styles_loaded,
    axe_violations,
    describe_violations,
    enter_authenticator_code,
    sideways_scroll_at_320,
    sign_in_through_form,
)
from navigator.core.tests.discovery import app_test_modules
from navigator.core.tests.shared_data import module_data
from navigator.people import services
from navigator.people.tests.factories import GPPracticeFactory

# Viewers that are not simply "a user with this role".
ANONYMOUS = None
TWO_FACTOR_USER = "two_factor_user"  # a link worker with an authenticator, not yet verified

SERVER_ERROR_PATH = "/__tests__/server-error/"

# URL names whose responses are not HTML pages (sign-out's POST shares its URL with the GET
# page "Sign out of Navigator?", which is scanned).
NOT_HTML = {
    "trail:person_export": "CSV download",
    "trail:user_export": "CSV download",
    "plans:my_plan_pdf": "PDF download",
    "contacts:gp_message_pdf": "PDF download",
    "directory:export_json": "ORUK JSON download",
    "directory:export_csv": "CSV download",
    "reports:download": "CSV/XLSX download",
    "reports:commissioned_download": "CSV/XLSX download",
    "reports:prsb_dataset": "CSV/XLSX download",
    "oruk:index": "ORUK API (JSON)",
    "oruk:services": "ORUK API (JSON)",
    "oruk:service": "ORUK API (JSON)",
    "oruk:openapi": "ORUK API (JSON)",
    "oruk:service_at_locations": "ORUK API (JSON)",
    "oruk:service_at_location": "ORUK API (JSON)",
    "oruk:taxonomies": "ORUK API (JSON)",
    "oruk:taxonomy": "ORUK API (JSON)",
    "oruk:taxonomy_terms": "ORUK API (JSON)",
    "oruk:taxonomy_term": "ORUK API (JSON)",
}

PERSON = {
    "given_name": "Ada",
    "family_name": "Okafor",
    "date_of_birth": datetime.date(1961, 4, 12),
    "nhs_number": "9434765919",
    "postcode": "LS6 2AB",
    "phone": "+441134960000",
    "email": "ada@example.org",
    "address_line_1": "12 Cliff Road",
    "town": "Leeds",
    "consent_to_hold": True,
    "consent_to_share": True,
    "consent_method": "verbal",
}


@dataclass
class World:
    """Everything the pages need: an organisation, its staff and a few records. Apps add
    theirs to `extra` through `build(world)` in their `tests/pages.py`."""

    users: dict[Any, Any]
    organisation: Any
    person: Any
    family_member: Any
    other_person: Any
    reset_uid: str
    reset_token: str
    extra: dict[str, Any] = field(default_factory=dict)


def build_world() -> World:
    """The organisation, staff and records every row of the scan is shown with."""
    organisation = OrganisationFactory(name="Leeds North Social Prescribing")
    users: dict[Any, Any] = {
        role: UserFactory(
            organisation=None if role == Role.ADMINISTRATOR else organisation,
            role=role,
            username=str(role),
        )
        for role in Role
    }
    users[TWO_FACTOR_USER] = UserFactory(organisation=organisation, username="two-factor")
    TOTPDevice.objects.create(user=users[TWO_FACTOR_USER], name="Phone", confirmed=True)
    GPPracticeFactory(name="Chapel Allerton Surgery", ods_code="B86001")

    with acting_as(Actor(user=users[Role.LINK_WORKER], ip_address="127.0.0.1")):
        person = services.create_person(
            organisation=organisation,
            data=PERSON,
        )
        person = services.update_person(
            person=person, expected_version=person.version, data={"town": "Leeds 6"}
        )
        family_member = services.add_family_member(
            person=person,
            data={"name": "Chidi Okafor", "relationship": "Son", "is_carer": True},
        )
        other_person = services.create_person(
            organisation=organisation,
            data={
                "given_name": "Ada",
                "family_name": "Okafor-Smith",
                "date_of_birth": PERSON["date_of_birth"],
                "postcode": "LS7 3EF",
            },
        )
        absorbed = services.create_person(
            organisation=organisation,
            data={
                "given_name": "A",
                "family_name": "Okafor",
                "date_of_birth": PERSON["date_of_birth"],
            },
        )
        services.merge_people(kept=person, absorbed=absorbed, merged_by=users[Role.MANAGER])

    reset_user = users[Role.VOLUNTEER]
    world = World(
        users=users,
        organisation=organisation,
        person=person,
        family_member=family_member,
        other_person=other_person,
        reset_uid=urlsafe_base64_encode(force_bytes(reset_user.pk)),
        reset_token=default_token_generator.make_token(reset_user),
    )
    for module in PAGE_MODULES:
        world.extra.update(module.build(world))
    return world


# Built once for the whole scan: each row runs in a savepoint, undone after it.
world = module_data(build_world)


# How pages are brought into the state that is scanned -----------------------------------------


def submit(button: str, **fields: str) -> Callable:
    """Fill `fields` (CSS selector: value) and press the button called `button`."""

    def action(page, world: World) -> None:
        for selector, value in fields.items():
            page.fill(selector, value)
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name=button).click()

    return action


def lock_out(page, world: World) -> None:
    """Wrong passwords until axes refuses, which shows the "Too many attempts" page."""
    for _ in range(5):
        sign_in_through_form(page, world.users[Role.LINK_WORKER].username, "wrong password")


def without_csrf_cookie(page, world: World) -> None:
    page.context.clear_cookies()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def save_after_someone_else(page, world: World) -> None:
    """Someone saves the record while this form is open; saving then shows what differs."""
    world.person.refresh_from_db()
    with acting_as(Actor(user=world.users[Role.MANAGER])):
        services.update_person(
            person=world.person,
            expected_version=world.person.version,
            data={"phone": "+441134960999"},
        )
    page.fill("#id_phone", "0113 496 0123")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Save").click()


def serve_server_error_page(page, world: World) -> None:
    """No page can be made to fail on purpose, so the 500 page is rendered here and served at
    a made-up address of the live server (its styles and scripts then load as usual)."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = render_to_string("core/500.jinja", request=request)
    page.route(
        f"**{SERVER_ERROR_PATH}",
        lambda route: route.fulfill(status=500, body=html, content_type="text/html"),
    )


# The table -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    url_name: str | None  # None: a page with no URL name of its own (errors)
    viewer: Any  # a Role, TWO_FACTOR_USER or ANONYMOUS
    kwargs: Callable[[World], dict] = field(default=lambda world: {})
    state: str = ""  # what the row scans besides the page as first shown
    then: Callable | None = None  # brings the page into the state scanned
    expect: str | None = None  # a selector that shows the state was reached
    before: Callable | None = None  # runs before the page is opened
    status: int = 200
    path: str | None = None  # for pages without a URL name
    lands_on: Callable[[World], str] | None = None  # when the page redirects on purpose

    @property
    def id(self) -> str:
        name = self.url_name or self.path
        viewer = "anonymous" if self.viewer is ANONYMOUS else str(self.viewer)
        return f"{name} as {viewer}" + (f" [{self.state}]" if self.state else "")

    def url(self, world: World) -> str:
        return self.path or reverse(self.url_name, kwargs=self.kwargs(world))


def person(world: World) -> dict:
    return {"pk": world.person.pk}


def family_member(world: World) -> dict:
    return {"pk": world.person.pk, "member_pk": world.family_member.pk}


def merge_pair(world: World) -> dict:
    return {"pk": world.person.pk, "other_pk": world.other_person.pk}


def reset_link(world: World) -> dict:
    return {"uidb64": world.reset_uid, "token": world.reset_token}


def spent_reset_link(world: World) -> dict:
    return {"uidb64": world.reset_uid, "token": "c0ffee-0123456789abcdef0123456789abcdef"}


def organisation(world: World) -> dict:
    return {"pk": world.organisation.pk}


def user(world: World) -> dict:
    return {"pk": world.users[Role.LINK_WORKER].pk}


LINK_WORKER, MANAGER, ADMIN = Role.LINK_WORKER, Role.MANAGER, Role.ADMINISTRATOR
EMPTY = "submitted empty"
ERRORS = ".nhsuk-error-summary"

PAGES = [
    # Signing in and out, passwords
    Page("accounts:login", ANONYMOUS),
    Page(
        "accounts:login",
        ANONYMOUS,
        state="wrong password",
        then=submit("Sign in", **{"#id_username": "link_worker", "#id_password": "nope"}),
        expect=ERRORS,
    ),
    Page("accounts:login", ANONYMOUS, state="locked out", then=lock_out, status=429, expect="h1"),
    Page("accounts:login", ANONYMOUS, state="form expired", then=without_csrf_cookie, status=403),
    Page("accounts:logout", LINK_WORKER),
    Page("accounts:password_reset", ANONYMOUS),
    Page(
        "accounts:password_reset",
        ANONYMOUS,
        state=EMPTY,
        then=submit("Send the link"),
        expect=ERRORS,
    ),
    Page("accounts:password_reset_done", ANONYMOUS),
    Page(
        "accounts:password_reset_confirm",
        ANONYMOUS,
        reset_link,
        lands_on=lambda world: f"/password-reset/{world.reset_uid}/set-password/",
    ),
    Page(
        "accounts:password_reset_confirm",
        ANONYMOUS,
        reset_link,
        state="passwords differ",
        then=submit(
            "Save password",
            **{"#id_new_password1": "lichen-harbour-74", "#id_new_password2": "lichen"},
        ),
        expect=ERRORS,
        lands_on=lambda world: f"/password-reset/{world.reset_uid}/set-password/",
    ),
    Page("accounts:password_reset_confirm", ANONYMOUS, spent_reset_link, state="invalid link"),
    Page("accounts:password_reset_complete", ANONYMOUS),
    # Your account
    Page("accounts:account", LINK_WORKER),
    Page("accounts:password_change", LINK_WORKER),
    Page(
        "accounts:password_change",
        LINK_WORKER,
        state=EMPTY,
        then=submit("Change password"),
        expect=ERRORS,
    ),
    Page("accounts:two_factor_setup", LINK_WORKER),
    Page(
        "accounts:two_factor_setup",
        LINK_WORKER,
        state="wrong code",
        then=submit("Confirm", **{"#id_token": "12345x"}),
        expect=ERRORS,
    ),
    Page("accounts:two_factor_verify", TWO_FACTOR_USER),
    Page(
        "accounts:two_factor_verify",
        TWO_FACTOR_USER,
        state="wrong code",
        then=submit("Continue", **{"#id_token": "000000"}),
        expect=ERRORS,
    ),
    # Users and organisations
    Page("accounts:user_list", MANAGER),
    Page("accounts:user_list", ADMIN),
    Page("accounts:user_create", MANAGER),
    Page("accounts:user_create", MANAGER, state=EMPTY, then=submit("Save"), expect=ERRORS),
    Page("accounts:user_create", ADMIN, state=EMPTY, then=submit("Save"), expect=ERRORS),
    Page("accounts:user_edit", MANAGER, user),
    Page("accounts:organisation_list", ADMIN),
    Page("accounts:organisation_create", ADMIN),
    Page("accounts:organisation_create", ADMIN, state=EMPTY, then=submit("Save"), expect=ERRORS),
    Page("accounts:organisation_edit", ADMIN, organisation),
    Page("accounts:organisation_edit", MANAGER, organisation),
    # Home
    Page("core:home", LINK_WORKER),
    Page("core:home", MANAGER),
    Page("core:home", ADMIN),
    Page("core:home", Role.COMMISSIONER),
    # People
    Page("people:list", LINK_WORKER),
    Page(
        "people:list",
        LINK_WORKER,
        state="searched",
        then=submit("Search", **{"#id_q": "Okafor"}),
    ),
    Page("people:list", LINK_WORKER, state="no matches", then=submit("Search", **{"#id_q": "z"})),
    Page("people:create", LINK_WORKER),
    Page("people:create", LINK_WORKER, state=EMPTY, then=submit("Save"), expect=ERRORS),
    Page(
        "people:create",
        LINK_WORKER,
        state="bad NHS number and postcode",
        then=submit(
            "Save",
            **{
                "#id_given_name": "Grace",
                "#id_family_name": "Hopper",
                "#id_date_of_birth_day": "9",
                "#id_date_of_birth_month": "12",
                "#id_date_of_birth_year": "1956",
                "#id_nhs_number": "123 456 7890",
                "#id_postcode": "LS99 ZZZ",
            },
        ),
        expect=ERRORS,
    ),
    Page(
        "people:create",
        LINK_WORKER,
        state="possible duplicate",
        then=submit(
            "Save",
            **{
                "#id_given_name": "Ada",
                "#id_family_name": "Okafor",
                "#id_date_of_birth_day": "12",
                "#id_date_of_birth_month": "4",
                "#id_date_of_birth_year": "1961",
            },
        ),
        expect="#possible-duplicates",
    ),
    Page("people:detail", LINK_WORKER, person),
    Page("people:detail", MANAGER, person),
    Page("people:edit", LINK_WORKER, person),
    Page(
        "people:edit",
        LINK_WORKER,
        person,
        state="changed by someone else",
        then=save_after_someone_else,
        expect="#stale-edit",
    ),
    Page("people:timeline", LINK_WORKER, person),
    Page("people:family_add", LINK_WORKER, person),
    Page("people:family_add", LINK_WORKER, person, state=EMPTY, then=submit("Save"), expect=ERRORS),
    Page("people:family_edit", LINK_WORKER, family_member),
    Page("people:family_remove", LINK_WORKER, family_member),
    Page(
        "people:family_remove",
        LINK_WORKER,
        family_member,
        state=EMPTY,
        then=submit("Remove"),
        expect=ERRORS,
    ),
    Page("people:merge", MANAGER, person),
    Page(
        "people:merge",
        MANAGER,
        person,
        state="searched",
        then=submit("Search", **{"#id_q": "Okafor"}),
        expect="main a[href*='/merge/']",
    ),
    Page(
        "people:merge", MANAGER, person, state="no matches", then=submit("Search", **{"#id_q": "z"})
    ),
    # Both have an open case by now (other apps' rows add them): the merge is refused.
    Page("people:merge_confirm", MANAGER, merge_pair, state="refused"),
    # Audit
    Page("trail:person", MANAGER, person),
    Page("trail:user", MANAGER, user),
    # Error pages
    Page(None, LINK_WORKER, path="/no-such-page/", status=404),
    Page(None, ANONYMOUS, path="/no-such-page/", status=404),
    Page("accounts:user_list", Role.VOLUNTEER, state="not allowed: 403 page", status=403),
    Page(None, ANONYMOUS, path=SERVER_ERROR_PATH, before=serve_server_error_page, status=500),
]

# Apps with pages of their own list them in `<app>/tests/pages.py`: PAGES rows like those
# above (importing Page, World and the actions from this module) and `build(world) -> dict`
# for the objects they need, and NOT_HTML for their routes that answer no page. Imported here,
# after everything they use is defined.
PAGE_MODULES = app_test_modules("pages")
for module in PAGE_MODULES:
    PAGES.extend(module.PAGES)
    NOT_HTML.update(getattr(module, "NOT_HTML", {}))


def pages_as_first_shown(client, world: World) -> Iterator[tuple[Page, Any]]:
    """Each HTML page of the table as first shown (rows that act on the page are left out),
    fetched with the test client as its viewer, for checks of the page's HTML that need no
    browser."""
    rows = {row.url(world): row for row in PAGES if row.then is None and row.before is None}
    for url, row in rows.items():
        if row.viewer in (ANONYMOUS, TWO_FACTOR_USER):
            client.logout()
        else:
            client.force_login(world.users[row.viewer])
        response = client.get(url, follow=True)
        if "text/html" in response.get("Content-Type", ""):
            yield row, response


@pytest.mark.browser
@pytest.mark.django_db
@pytest.mark.parametrize("scanned", PAGES, ids=[scanned.id for scanned in PAGES])
def test_page_has_no_accessibility_violations(
    scanned: Page, world: World, crawl_page, crawl_server
):
    """axe finds nothing; at 320 CSS pixels wide the page does not scroll sideways; the
    browser asked no other host for anything (checked here so that each page loads once)."""
    page, live_server = crawl_page, crawl_server
    # What reaches the network for another host (a font the CSP refuses never does).
    elsewhere = []
    page.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: (elsewhere.append(route.request.url), route.abort()),
    )
    statuses = []
    page.on(
        "response",
        lambda response: (
            statuses.append(response.status)
            if response.request.is_navigation_request() and response.frame == page.main_frame
            else None
        ),
    )
    if scanned.viewer is not ANONYMOUS:
        sign_in_through_form(page, world.users[scanned.viewer].username)
        if scanned.viewer == ADMIN:  # administrators must use two-factor sign-in
            enter_authenticator_code(page, world.users[ADMIN])
    if scanned.before:
        scanned.before(page, world)
    url = scanned.url(world)
    page.goto(url)
    if scanned.then:
        scanned.then(page, world)

    where = f"{scanned.id}: the browser is at {page.url}"
    expected_path = scanned.lands_on(world) if scanned.lands_on else url
    assert page.evaluate("() => location.pathname") == expected_path, where
    assert statuses[-1] == scanned.status, f"{where}, answered {statuses[-1]}"
    if scanned.expect:
        assert page.locator(scanned.expect).first.is_visible(), f"{where}, no {scanned.expect}"
    assert_nhs_styles_loaded(page)

    violations = axe_violations(page)
    assert violations == [], (
        f"axe found {len(violations)} problem(s) on {scanned.id} ({url}):\n"
        + describe_violations(violations)
    )
    assert sideways_scroll_at_320(page) is None, f"{where}: scrolls sideways at 320 px"
    assert elsewhere == [], f"{where}: asked other hosts for {elsewhere}"


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_name_is_scanned_or_not_html():
    served = _url_names(get_resolver())
    scanned = {row.url_name for row in PAGES if row.url_name and row.status == 200}
    missing = served - scanned - set(NOT_HTML)
    assert not missing, (
        "These pages have no row in PAGES (add one, or list them in NOT_HTML if they are "
        f"not HTML): {sorted(missing)}"
    )
    unknown = (scanned | set(NOT_HTML)) - served
    assert not unknown, f"PAGES or NOT_HTML name URLs that do not exist: {sorted(unknown)}"
