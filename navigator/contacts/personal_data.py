"""What casework holds about a person, for subject access and destruction."""

from django.db.models import Q

from navigator.contacts.models import (
    CadenceOverride,
    Closure,
    Contact,
    FollowUp,
    GPMessage,
    Reallocation,
    Reopening,
    Task,
)
from navigator.core.person_data import Held, register_person_data, through

CONTACT_TEXT = ("setting_other", "who_took_part", "what_happened", "what_agreed")

register_person_data(
    Held(
        "Contacts",
        through(Contact),
        erase=dict.fromkeys(CONTACT_TEXT, ""),
        free_text=CONTACT_TEXT,
        covers=("contacts.contact.person",),
    ),
    Held(
        "Contact intervals set for the case",
        through(CadenceOverride, "referral__person"),
        erase={"reason": ""},
        free_text=("reason",),
    ),
    Held(
        "Reallocations",
        through(Reallocation, "referral__person"),
        erase={"reason": ""},
        free_text=("reason",),
    ),
    Held(
        "Closures",
        through(Closure, "referral__person"),
        erase={"reason_other": "", "summary": ""},
        free_text=("reason_other", "summary"),
    ),
    Held(
        "Reopenings",
        lambda ids: Reopening.objects.filter(Q(previous__person__in=ids) | Q(new__person__in=ids)),
        erase={"reason": ""},
        free_text=("reason",),
    ),
    Held("Follow-ups", through(FollowUp), covers=("contacts.followup.person",)),
    Held("Caseload tasks", through(Task), covers=("contacts.task.person",)),
    Held("Messages to the GP", through(GPMessage, "referral__person"), erase={"content": {}}),
)
