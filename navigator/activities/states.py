"""The life of an activity referral: the FHIR R4 Task statuses, and every move allowed between
them with the side that may make it, in one table.

docs/domain.md §3: the requester sets draft and requested, and entered-in-error; the receiving
service (the provider) sets accepted, rejected, on-hold, in-progress, failed and completed;
either side may cancel. Navigator also lets the requester record in-progress, completed and
failed: many providers have no login, and the loop is often closed by what the person tells
their link worker (the one-week-later prompt). Each change records which side made it.

The person themselves answers one question by an e-mailed secure link a week after their
planned first session: "did you go?". They are neither requester nor performer in FHIR terms,
so the only move they make is the one their answer proves, to in-progress ("Attending"), and
only from a status where the service had not said otherwise (sent or accepted; not from the
waiting list). "I did not go" does not make the referral failed: failed is final here, and one
missed first session is what a link worker follows up, not the end of the referral. Answers
that change no status are kept as history entries with the status unchanged.

"signposted" is not a Task status: a signposting-only directory entry takes no referral, so
the record only says that the person was told about it. It is never sent to a provider.
"""

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REQUESTED = "requested", "Sent"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    ON_HOLD = "on-hold", "On hold (waiting list)"
    IN_PROGRESS = "in-progress", "Attending"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Stopped or did not go"
    CANCELLED = "cancelled", "Cancelled"
    ENTERED_IN_ERROR = "entered-in-error", "Entered in error"
    SIGNPOSTED = "signposted", "Signposted"


class Side(models.TextChoices):
    REQUESTER = "requester", "Link worker"
    PROVIDER = "provider", "Provider"
    PERSON = "person", "The person"


R, P = Side.REQUESTER, Side.PROVIDER
BOTH = frozenset({R, P})
# The moves the person may make too (saying they went), besides both services.
BOTH_AND_PERSON = frozenset({R, P, Side.PERSON})
S = Status

# (from, to) -> the sides that may make the move. A move not listed is refused.
TRANSITIONS: dict[tuple[Status, Status], frozenset[Side]] = {
    (S.DRAFT, S.REQUESTED): frozenset({R}),
    (S.DRAFT, S.CANCELLED): frozenset({R}),
    (S.REQUESTED, S.ACCEPTED): frozenset({P}),
    (S.REQUESTED, S.REJECTED): frozenset({P}),
    (S.REQUESTED, S.ON_HOLD): frozenset({P}),
    # A provider accepts before confirming attendance; the link worker and the person may
    # say they went while the provider has not answered.
    (S.REQUESTED, S.IN_PROGRESS): frozenset({R, Side.PERSON}),
    (S.REQUESTED, S.FAILED): BOTH,
    (S.REQUESTED, S.CANCELLED): BOTH,
    (S.ON_HOLD, S.ACCEPTED): frozenset({P}),
    (S.ON_HOLD, S.REJECTED): frozenset({P}),
    (S.ON_HOLD, S.CANCELLED): BOTH,
    (S.ACCEPTED, S.ON_HOLD): frozenset({P}),
    (S.ACCEPTED, S.IN_PROGRESS): BOTH_AND_PERSON,
    (S.ACCEPTED, S.FAILED): BOTH,
    (S.ACCEPTED, S.CANCELLED): BOTH,
    (S.IN_PROGRESS, S.ON_HOLD): frozenset({P}),
    (S.IN_PROGRESS, S.COMPLETED): BOTH,
    (S.IN_PROGRESS, S.FAILED): BOTH,
    (S.IN_PROGRESS, S.CANCELLED): BOTH,
    **{
        (status, S.ENTERED_IN_ERROR): frozenset({R}) for status in S if status != S.ENTERED_IN_ERROR
    },
}

# A reason must be given for these.
NEEDS_REASON = frozenset({S.REJECTED, S.FAILED})
FINAL = frozenset(
    {S.REJECTED, S.COMPLETED, S.FAILED, S.CANCELLED, S.ENTERED_IN_ERROR, S.SIGNPOSTED}
)
# Waiting for the provider to answer.
AWAITING_PROVIDER = frozenset({S.REQUESTED})
# The provider's first answers, for a service's record as a destination.
ANSWERS = frozenset({S.ACCEPTED, S.REJECTED, S.ON_HOLD, S.IN_PROGRESS})
ACCEPTING_ANSWERS = frozenset({S.ACCEPTED, S.ON_HOLD, S.IN_PROGRESS})

# Words for the buttons that make each move.
ACTION_LABELS: dict[Status, str] = {
    S.REQUESTED: "Send the referral",
    S.ACCEPTED: "Accept",
    S.REJECTED: "Decline",
    S.ON_HOLD: "Put on the waiting list",
    S.IN_PROGRESS: "Confirm they have attended",
    S.COMPLETED: "Mark as completed",
    S.FAILED: "Record that they stopped or did not go",
    S.CANCELLED: "Cancel the referral",
    S.ENTERED_IN_ERROR: "Mark as entered in error",
}


class TransitionNotAllowed(ValueError):
    pass


def allowed_moves(current: str, side: Side) -> list[Status]:
    """The statuses `side` may move a referral in `current` to, in table order."""
    return [
        target
        for (source, target), sides in TRANSITIONS.items()
        if source == current and side in sides
    ]


def check_transition(current: str, target: str, side: Side) -> None:
    """Raise TransitionNotAllowed, saying why, unless `side` may move `current` to `target`."""
    current_status, target_status = Status(current), Status(target)
    sides = TRANSITIONS.get((current_status, target_status))
    if sides and side in sides:
        return
    if (current_status, target_status, side) == (S.REQUESTED, S.IN_PROGRESS, P):
        raise TransitionNotAllowed("Accept the referral before confirming they have attended")
    if sides:
        who = " or ".join(sorted(s.label.lower() for s in sides))
        raise TransitionNotAllowed(
            f"Only the {who} can mark this referral as {target_status.label.lower()}"
        )
    raise TransitionNotAllowed(
        f"A referral that is {current_status.label.lower()} cannot become "
        f"{target_status.label.lower()}"
    )
