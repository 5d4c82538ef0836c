"""No page makes the browser ask another host for anything (fonts, styles, scripts, images):
pages load at once where only Navigator can be reached. Links to other sites are fine."""

import re

import pytest
from csp.constants import SELF
from django.conf import settings

from navigator.core.tests.test_accessibility import pages_as_first_shown, world

__all__ = ["world"]  # the fixture, shared with the accessibility scan

# Attributes that make the browser fetch what they name, and url() in inline styles.
FETCHED = re.compile(
    r"<(?:link|script|img|iframe|source|video|audio|embed|object)\b[^>]*?"
    r"\b(?:src|href|data|srcset)=[\"']?((?:https?:)?//[^\"' >]+)"
    r"|url\(\s*[\"']?((?:https?:)?//[^\"')]+)",
    re.IGNORECASE,
)


@pytest.mark.django_db
def test_no_page_fetches_from_another_host(client, world):
    fetched, pages = [], 0
    for row, response in pages_as_first_shown(client, world):
        pages += 1
        fetched.extend(
            f"{row.id}: {''.join(match.groups(''))}" for match in FETCHED.finditer(response.text)
        )
    assert pages > 100
    assert fetched == []


def test_fonts_come_from_navigator_only():
    """The NHS.UK stylesheet's web font lives on assets.nhs.uk; Navigator's stylesheet sets
    the page's fonts without it and the Content-Security-Policy refuses other hosts' fonts."""
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["font-src"] == [SELF]
    css = (settings.BASE_DIR / "navigator/core/static/navigator/navigator.css").read_text()
    html_font = re.search(r"html\s*\{\s*font-family:\s*([^;}]+)", css)
    assert html_font and "Frutiger W01" not in html_font.group(1)
