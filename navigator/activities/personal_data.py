"""What activity referrals hold about a person, for subject access and destruction."""

from navigator.activities.models import (
    Accompaniment,
    ActivityPreferences,
    ActivityReferral,
    StatusChange,
)
from navigator.core.person_data import Held, register_person_data, through

ACCOMPANIMENT_TEXT = ("meeting_point", "travel_notes", "access_needs", "outcome_note")

register_person_data(
    Held(
        "Activity referrals",
        lambda ids: ActivityReferral.objects.filter(person__in=ids).select_related("service"),
        erase={"reason": "", "note": "", "status_reason": ""},
        free_text=("reason", "note", "status_reason"),
        covers=("activities.activityreferral.person",),
    ),
    Held(
        "Activity referral history",
        through(StatusChange, "activity_referral__person"),
        erase={"reason": ""},
        free_text=("reason",),
    ),
    Held(
        "Accompaniment",
        through(Accompaniment, "activity_referral__person"),
        erase=dict.fromkeys(ACCOMPANIMENT_TEXT, ""),
        free_text=ACCOMPANIMENT_TEXT,
    ),
    Held(
        "Activity preferences",
        through(ActivityPreferences),
        delete=True,
        covers=("activities.activitypreferences.person",),
    ),
)
