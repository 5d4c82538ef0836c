"""Building the POST data of the people forms, the way a browser sends it."""

import datetime
from typing import Any

from navigator.people.forms import PersonForm
from navigator.people.models import FamilyMember, Person

PERSON_FIELDS = [name for name in PersonForm.base_fields if name != "date_of_birth"]


def _post_value(value: Any) -> Any:
    if value is True:
        return "on"
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return value.pk
    return value


def _as_post(values: dict[str, Any]) -> dict[str, Any]:
    """Unticked checkboxes are not sent at all; a date goes in three boxes."""
    data: dict[str, Any] = {}
    for name, value in values.items():
        if value is False:
            continue
        if isinstance(value, datetime.date):
            data[f"{name}_day"] = str(value.day)
            data[f"{name}_month"] = str(value.month)
            data[f"{name}_year"] = str(value.year)
        else:
            data[name] = _post_value(value)
    return data


def new_person_data(**changes: Any) -> dict[str, Any]:
    """A valid 'Add a person' submission; `changes` override or add fields."""
    values: dict[str, Any] = {
        "given_name": "Margaret",
        "family_name": "Hamilton",
        "date_of_birth": datetime.date(1961, 8, 17),
        "postcode": "",
        "nhs_number": "",
        "phone": "",
    }
    values.update(changes)
    return _as_post(values)


def person_data(person: Person, **changes: Any) -> dict[str, Any]:
    """What the edit form of `person` sends back when `changes` are typed into it."""
    values = {name: getattr(person, name) for name in PERSON_FIELDS if hasattr(person, name)}
    values["date_of_birth"] = person.date_of_birth
    values["version"] = person.version
    values.update(changes)
    return _as_post(values)


def family_member_data(member: FamilyMember | None = None, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"name": "Grace Hopper", "relationship": "Sister"}
    if member is not None:
        values = {
            name: getattr(member, name)
            for name in ("name", "relationship", "is_carer", "phone", "email")
        }
        values["takes_part_in_planning"] = member.takes_part_in_planning
        values["version"] = member.version
    values.update(changes)
    return _as_post(values)
