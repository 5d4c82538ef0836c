"""The life of a referral: every state, and every move allowed between them, in one place.

Services move a referral only through `check_transition`; a move not listed here is refused
with a message a link worker can act on.
"""

from django.db import models


class State(models.TextChoices):
    RECEIVED = "received", "Received"
    INFO_REQUESTED = "info_requested", "More information asked for"
    TRIAGED = "triaged", "Triaged"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WAITING = "waiting", "On the waiting list"
    ALLOCATED = "allocated", "Allocated"
    FIRST_CONTACT = "first_contact", "First contact made"
    ASSESSED = "assessed", "Assessed"
    ACTIVE = "active", "Active support"
    CLOSED = "closed", "Closed"


# Triage means the referral has been checked against existing people and matched to a record.
TRANSITIONS: dict[State, frozenset[State]] = {
    State.RECEIVED: frozenset({State.TRIAGED, State.INFO_REQUESTED, State.DECLINED}),
    State.INFO_REQUESTED: frozenset({State.RECEIVED, State.TRIAGED, State.DECLINED}),
    State.TRIAGED: frozenset({State.ACCEPTED, State.DECLINED, State.INFO_REQUESTED}),
    State.ACCEPTED: frozenset({State.ALLOCATED, State.WAITING, State.CLOSED}),
    State.WAITING: frozenset({State.ALLOCATED, State.CLOSED}),
    # Casework may skip a stage: the first contact is often the assessment, and a plan can be
    # agreed at the first meeting.
    State.ALLOCATED: frozenset(
        {State.FIRST_CONTACT, State.ASSESSED, State.ACTIVE, State.WAITING, State.CLOSED}
    ),
    State.FIRST_CONTACT: frozenset({State.ASSESSED, State.ACTIVE, State.CLOSED}),
    State.ASSESSED: frozenset({State.ACTIVE, State.CLOSED}),
    State.ACTIVE: frozenset({State.CLOSED}),
    State.DECLINED: frozenset(),
    State.CLOSED: frozenset(),
}

# A case's stages from allocation, in order: it only ever moves forward through them.
CASE_STAGES = (State.ALLOCATED, State.FIRST_CONTACT, State.ASSESSED, State.ACTIVE)

# Still waiting for the service to act: these make up the triage queue.
NEW_STATES = frozenset({State.RECEIVED, State.INFO_REQUESTED, State.TRIAGED})
OPEN_STATES = frozenset(State) - {State.DECLINED, State.CLOSED}


class TransitionNotAllowed(ValueError):
    pass


def check_transition(current: str, target: str) -> None:
    """Raise TransitionNotAllowed, saying why, unless `current` may move to `target`."""
    current_state, target_state = State(current), State(target)
    if target_state in TRANSITIONS[current_state]:
        return
    allowed = TRANSITIONS[current_state]
    if not allowed:
        raise TransitionNotAllowed(
            f"This referral is {current_state.label.lower()}: it cannot be changed any more"
        )
    options = ", ".join(sorted(state.label.lower() for state in allowed))
    raise TransitionNotAllowed(
        f"A referral that is {current_state.label.lower()} cannot become "
        f"{target_state.label.lower()}. It can become: {options}"
    )
