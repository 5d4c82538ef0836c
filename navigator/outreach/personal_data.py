"""What outreach call lists hold about a person, for subject access and destruction."""

from django.db.models import Q

from navigator.core.person_data import Held, register_person_data, year_of_birth
from navigator.outreach.models import CallAttempt, CohortMember
from navigator.people.models import Person


def cohort_rows(ids: list[int]):
    """Uploaded rows matched to the record, and rows with its NHS number not yet matched."""
    numbers = Person.objects.filter(pk__in=ids).exclude(nhs_number="").values("nhs_number")
    organisations = Person.objects.filter(pk__in=ids).values("organisation")
    return CohortMember.objects.filter(
        Q(person__in=ids)
        | Q(person__isnull=True, nhs_number__in=numbers, organisation__in=organisations)
    )


register_person_data(
    Held(
        "Places on outreach call lists",
        cohort_rows,
        erase={
            "date_of_birth": year_of_birth,
            **dict.fromkeys(["given_name", "family_name", "nhs_number", "phone", "reason"], ""),
        },
        covers=("outreach.cohortmember.person",),
    ),
    Held(
        "Outreach calls",
        lambda ids: CallAttempt.objects.filter(member__in=cohort_rows(ids)),
        erase={"note": "", "consent_said": ""},
        free_text=("note", "consent_said"),
    ),
)
