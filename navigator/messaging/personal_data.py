"""Messages sent to a person (or about their referral before they were on record), for subject
access and destruction: destruction deletes them, recipient and wording included."""

from django.db.models import Q, QuerySet

from navigator.core.person_data import Held, register_person_data
from navigator.messaging.models import Message


def _messages(ids: list[int]) -> QuerySet[Message]:
    return Message._default_manager.filter(Q(person__in=ids) | Q(referral__person__in=ids))


register_person_data(
    Held(
        "Messages sent (texts, e-mails and letters)",
        _messages,
        delete=True,
        # A secure link not yet sent never leaves: it is the way in to the person's answers.
        # The letter waiting to go is the case's message back to the GP, released with it.
        hidden=("link_address", "reference", "attachment"),
        covers=("messaging.message.person",),
    ),
)
