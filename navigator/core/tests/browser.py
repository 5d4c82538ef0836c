"""Browser fixtures: Playwright driving Debian's Chromium against pytest-django's live server.

Loaded for every test run by the root conftest (`pytest_plugins`). Tests that use them need
`@pytest.mark.django_db(transaction=True)`: the live server answers from another thread, so it
only sees data that has been committed.

    def test_something(page, live_server, sign_in, link_worker):
        sign_in(page, link_worker)
        page.goto("/people/")

Tables that open hundreds of pages over the same data (the accessibility scan) use
`crawl_server` and `crawl_page` instead: that server answers on the test's own database
connection, so an ordinary `django_db` test's uncommitted data is what it serves, and data
built once per module (`shared_data.module_data`) can be shared by every row.
"""

import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.utils import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from navigator.accounts.tests.factories import TEST_PASSWORD, totp_token

# Playwright's sync API keeps an asyncio event loop in the test thread, so Django believes the
# ORM is being called from async code. It is not (the calls are ordinary, blocking ones), and
# this is the documented work-around for Playwright with Django's test tools.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
# axe-core is given to the page from this same-origin address (see `axe_violations`), so the
# page's Content-Security-Policy ("scripts only from Navigator itself") stays switched on.
AXE_URL_PATH = "/__tests__/axe.min.js"
# Every rule axe runs by default, plus everything tagged with a WCAG 2.x A or AA success
# criterion (some of those, such as target-size, are off by default), plus the duplicate-id
# checks: WCAG 2.2 made 4.1.1 Parsing obsolete, but a repeated id still breaks the links of
# labels, hints and error messages to their fields.
AXE_OPTIONS = {
    "rules": {"duplicate-id": {"enabled": True}, "duplicate-id-active": {"enabled": True}},
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice",
        ],
    },
}
NHS_BLUE = "rgb(0, 94, 184)"  # #005eb8, the NHS.UK header's background


@pytest.fixture(scope="session")
def _live_server_settings() -> Iterator[None]:
    """The live server speaks plain HTTP on localhost: no redirect to https.

    SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the live server builds its
    handler, so this must be in place before the (session-wide) server starts.
    """
    override = override_settings(SECURE_SSL_REDIRECT=False)
    override.enable()
    yield
    override.disable()


@pytest.fixture(scope="session")
def live_server(_live_server_settings, live_server):
    """pytest-django's live server, started after `_live_server_settings`."""
    return live_server


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium for the whole run (skipped without it, a failure under CI)."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        message = f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class _SharedConnectionServer(ThreadedWSGIServer):
    """Django's test server, except that a request thread leaves the connections open when it
    finishes: they are the test thread's (see `crawl_server`)."""

    def _close_connections(self) -> None:
        pass


@pytest.fixture(scope="session")
def crawl_server(browser, _live_server_settings, django_db_setup, django_db_blocker):
    """A live server whose request threads use the test thread's own database connection.

    pytest-django's `live_server` does this only for an in-memory SQLite database (it shares
    the connection with the server's threads); here PostgreSQL's is shared too. The server
    must then not close the connection after each request, as Django's server does, nor at
    the start of one (`close_old_connections`): that would end the test's transaction, so
    closing is switched off while the server runs.

    It starts after the browser because Playwright's event loop makes Django's `connections`
    hand the test thread other connection objects than before (those of an async context):
    these are the ones to share, and to close at the end.
    """
    from django.db import connections
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost", start=False)
        server.thread.server_class = _SharedConnectionServer
        shared = {connection.alias: connection for connection in connections.all()}
        server.thread.connections_override.update(shared)
        kept_open = [
            connection
            for connection in shared.values()
            if not (connection.vendor == "sqlite" and connection.is_in_memory_db())
        ]
        for connection in kept_open:
            connection.close = lambda: None
        server._live_server_modified_settings.enable()
        server.start()
    yield server
    server.stop()
    server._live_server_modified_settings.disable()
    for connection in kept_open:
        del connection.close  # the class's own close again
        with django_db_blocker.unblock():
            connection.close()


def _new_context(browser, base_url: str):
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(10_000)
    # A process's first request imports every view and compiles templates: on a loaded
    # 2-core machine that alone took 11 s, so navigations get longer than other actions.
    context.set_default_navigation_timeout(30_000)
    # Nothing outside the live server is fetched, so results never depend on the network
    # (pages ask no other host for anything: see test_no_other_hosts).
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    return context


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context and page for one test; relative URLs go to the live server."""
    context = _new_context(browser, live_server.url)
    yield context.new_page()
    context.close()


@pytest.fixture
def crawl_page(browser, crawl_server):
    """A fresh browser context and page for one test; relative URLs go to `crawl_server`."""
    context = _new_context(browser, crawl_server.url)
    yield context.new_page()
    context.close()


def sign_in_through_form(page, username: str, password: str = TEST_PASSWORD) -> None:
    """Fill in and submit the real sign-in form (whatever the outcome)."""
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def enter_authenticator_code(page, user) -> None:
    """Answer the code page with the code `user`'s authenticator shows now."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    page.fill("#id_token", totp_token(device))
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


@pytest.fixture
def sign_in() -> Callable:
    """sign_in(page, user): sign `user` in through the sign-in form, with the test password,
    then with their authenticator's code when the form asks for one (as for an administrator)."""

    def sign_in(page, user, password: str = TEST_PASSWORD) -> None:
        sign_in_through_form(page, user.username, password)
        if "/two-factor/verify/" in page.url:
            enter_authenticator_code(page, user)
        assert not page.url.rstrip("/").endswith("/sign-in"), (
            f"{user.username} could not sign in: {page.locator('main').inner_text()}"
        )

    return sign_in


def assert_nhs_styles_loaded(page) -> None:
    """Fail unless the NHS.UK frontend CSS was applied to the page (not just linked)."""
    colour = page.evaluate(
        "() => { const h = document.querySelector('.nhsuk-header');"
        " return h && getComputedStyle(h).backgroundColor; }"
    )
    assert colour == NHS_BLUE, (
        f"The NHS.UK stylesheet did not load: the header background is {colour!r}, not {NHS_BLUE}"
    )


# WCAG 2.2 1.4.10 Reflow: content fits 320 CSS pixels across without scrolling sideways,
# except data tables, which scroll inside their own region.
REFLOW_VIEWPORT = {"width": 320, "height": 800}
_SIDEWAYS = """() => {
  const root = document.scrollingElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const scrolls = (element) => element.closest(".app-table-scroll");
  const wide = [...document.body.querySelectorAll("*")]
    .filter((element) => !scrolls(element))
    .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 0.5)
    .filter((element) => ![...element.children].some(
      (child) => !scrolls(child) && child.getBoundingClientRect().right > root.clientWidth + 0.5))
    .slice(0, 5)
    .map((element) => element.tagName.toLowerCase()
      + (element.id ? "#" + element.id : "")
      + (element.className && typeof element.className === "string"
         ? "." + element.className.trim().split(/\\s+/).join(".") : "")
      + " (right edge " + Math.round(element.getBoundingClientRect().right) + ")");
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest: wide};
}"""


def sideways_scroll_at_320(page) -> dict | None:
    """Lay the page out 320 CSS pixels wide; None when the page itself does not scroll
    sideways, else its widths and the elements that stick out furthest."""
    page.set_viewport_size(REFLOW_VIEWPORT)
    # The NHS.UK header's script moves the navigation items that no longer fit into its
    # "More" menu when the window narrows: wait for the page to settle (2 s at most).
    with suppress(PlaywrightTimeoutError):
        page.wait_for_function(f"() => ({_SIDEWAYS})() === null", timeout=2_000)
    return page.evaluate(_SIDEWAYS)


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now and return its violations."""
    page.route(
        f"**{AXE_URL_PATH}",
        lambda route: route.fulfill(path=AXE_SCRIPT, content_type="text/javascript"),
    )
    page.add_script_tag(url=AXE_URL_PATH)
    results = page.evaluate("async (options) => await axe.run(document, options)", AXE_OPTIONS)
    # axe cannot tell which of two elements sharing an id a label or aria-* attribute meant,
    # so it asks for review; a repeated id is a fault here either way.
    duplicate_ids = [
        result for result in results["incomplete"] if result["id"].startswith("duplicate-id")
    ]
    return results["violations"] + duplicate_ids


def describe_violations(violations: list[dict]) -> str:
    """A readable account of axe violations, for a failing assertion."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(json.dumps(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = node.get("failureSummary", "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)
