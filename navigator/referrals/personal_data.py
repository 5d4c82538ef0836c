"""What referrals hold about a person, for subject access and destruction."""

from navigator.core.person_data import Held, register_person_data, through, year_of_birth
from navigator.referrals.models import CodedEvent, Referral, Transition

REFERRAL_FREE_TEXT = ("reason_details", "risks", "decline_reason", "signposting_note")

register_person_data(
    Held(
        "Referrals (cases)",
        lambda ids: Referral.objects.filter(person__in=ids).prefetch_related("reasons"),
        erase={
            "date_of_birth": year_of_birth,
            **dict.fromkeys(
                [
                    "given_name",
                    "family_name",
                    "nhs_number",
                    "address",
                    "postcode",
                    "phone",
                    "email",
                    "preferred_contact_times",
                    "language",
                    *REFERRAL_FREE_TEXT,
                ],
                "",
            ),
        },
        free_text=REFERRAL_FREE_TEXT,
        # A referral made onward from this record belongs to the service it went to, and is
        # that service's to keep or destroy.
        covers=("referrals.referral.person", "referrals.referral.onward_from"),
    ),
    Held(
        "Referral status changes",
        through(Transition, "referral__person"),
        erase={"note": ""},
        free_text=("note",),
    ),
    Held("Coded events (SNOMED CT)", through(CodedEvent, "referral__person")),
)
