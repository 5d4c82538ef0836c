"""What a person's page (people's detail page) shows from the apps above people.

The page is people's, but parts of it are other apps': the restriction on the record
(restrictions), the overview of the person's case for those who keep a caseload (contacts).
Each such app registers a part in its `AppConfig.ready`: a function of the signed-in user and
the person returning the names its templates on the page read. People, below those apps,
imports none of them, as the timeline (`timeline.py`) gathers its entries.
"""

from collections.abc import Callable
from typing import Any

PersonPagePart = Callable[[Any, Any], dict[str, Any]]
_parts: list[PersonPagePart] = []


def register_person_page_part(part: PersonPagePart) -> PersonPagePart:
    if part not in _parts:
        _parts.append(part)
    return part


def person_page_parts(user: Any, person: Any) -> dict[str, Any]:
    """The names every registered part gives the page of `person`, seen by `user`."""
    context: dict[str, Any] = {}
    for part in _parts:
        context.update(part(user, person))
    return context
