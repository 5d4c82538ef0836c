"""What restrictions hold about a person, for subject access and destruction: why their record
is restricted, and each emergency access with its reason and review (free text a manager
reviews for other people's details before release)."""

from navigator.core.person_data import Held, register_person_data, through
from navigator.restrictions.models import BreakGlass, Restriction

register_person_data(
    Held(
        "Restriction of the record",
        through(Restriction),
        erase={"reason": ""},
        free_text=("reason",),
        covers=("restrictions.restriction.person",),
    ),
    Held(
        "Emergency access to the record",
        through(BreakGlass),
        erase={"reason": "", "review": ""},
        free_text=("reason", "review"),
        covers=("restrictions.breakglass.person",),
    ),
)
