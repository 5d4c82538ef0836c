"""Browser fixtures: Playwright driving Debian's Chromium against pytest-django's live server.

Loaded for every test run by the root conftest (`pytest_plugins`). Tests that use them need
`@pytest.mark.django_db(transaction=True)`: the live server answers from another thread, so it
only sees data that has been committed.

    def test_something(page, live_server, sign_in, link_worker):
        sign_in(page, link_worker)
        page.goto("/people/")
"""

import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from django.conf import settings
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


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context and page for one test; relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    # A process's first request imports every view and compiles templates: on a loaded
    # 2-core machine that alone took 11 s, so navigations get longer than other actions.
    context.set_default_navigation_timeout(30_000)
    # Nothing outside the live server is fetched, so results never depend on the network
    # (pages ask no other host for anything: see test_no_other_hosts).
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    tab = context.new_page()
    yield tab
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
