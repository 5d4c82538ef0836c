import html
import re

from navigator.people.tests.factories import PersonFactory


def person_of(user, **kwargs):
    return PersonFactory(organisation=user.organisation, **kwargs)


def field_error(response, field: str) -> str:
    """The error message shown at a field (the NHS.UK error message beside it), or ""."""
    match = re.search(
        rf'id="id_{re.escape(field)}-error"[^>]*>\s*<span class="nhsuk-u-visually-hidden">'
        r"Error: </span>(.*?)</span>",
        response.content.decode(),
        re.S,
    )
    return html.unescape(" ".join(match.group(1).split())) if match else ""
