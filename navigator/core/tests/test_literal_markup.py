"""Markup a template builds shows as markup, never as literal text such as "<br>".

Jinja escapes the literal parts of a `~` concatenation or a `join` separator as soon as one
part is already escaped, so templates build such markup in `{% set %}` blocks instead. What
people typed is still escaped.
"""

import re

from django.urls import reverse

from navigator.directory.tests.factories import ServiceFactory
from navigator.people.tests.factories import PersonFactory

LITERAL_TAG = re.compile(r"&lt;/?(br|a|p|span|strong)\b")


def test_the_address_is_on_lines_of_its_own(signed_in, link_worker, organisation):
    person = PersonFactory(
        organisation=organisation,
        address_line_1="12 <Cliff> Road",
        address_line_2="",
        town="Leeds",
        postcode="LS6 2AB",
    )

    html = signed_in(link_worker).get(reverse("people:detail", args=[person.pk])).text

    assert "12 &lt;Cliff&gt; Road<br>Leeds<br>LS6 2AB" in html
    assert not LITERAL_TAG.search(html)


def test_a_listings_web_page_is_a_link(signed_in, link_worker):
    listing = ServiceFactory(url="https://example.org/walks?day=1&time=2")

    html = signed_in(link_worker).get(reverse("directory:service", args=[listing.pk])).text

    address = "https://example.org/walks?day=1&amp;time=2"
    assert f'<a href="{address}">{address}</a>' in html
    assert not LITERAL_TAG.search(html)
