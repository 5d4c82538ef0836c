"""Referrals received through the FHIR API, for subject access."""

from navigator.fhir.models import Submission
from navigator.governance.registry import Held, register_person_data, through

register_person_data(
    Held("Referrals received from GP systems", through(Submission, "referral__person"))
)
