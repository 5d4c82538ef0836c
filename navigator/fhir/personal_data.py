"""Referrals received through the FHIR API, for subject access."""

from navigator.core.person_data import Held, register_person_data, through
from navigator.fhir.models import Submission

register_person_data(
    Held("Referrals received from GP systems", through(Submission, "referral__person"))
)
