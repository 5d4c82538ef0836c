"""What a person's record holds, for subject access and destruction (core/person_data.py)."""

from django.db.models import Q

from navigator.core.person_data import Held, register_person_data, through, year_of_birth
from navigator.people.models import FamilyMember, Person, PersonMerge

# A destroyed record keeps what reports count (sex, ethnicity, GP practice, consent, dates)
# and loses everything that says who the person is.
ERASED_FROM_PERSON = {
    "given_name": "Destroyed",
    "family_name": "record",
    "date_of_birth": year_of_birth,
    **dict.fromkeys(
        [
            "preferred_name",
            "pronouns",
            "nhs_number",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "phone",
            "email",
            "preferred_contact_times",
            "communication_needs",
            "language",
            "gender_identity",
            "religion",
            "sexual_orientation",
        ],
        "",
    ),
}

register_person_data(
    Held(
        "Personal details",
        lambda ids: Person.objects.filter(pk__in=ids).select_related("gp_practice"),
        erase=ERASED_FROM_PERSON,
        free_text=("communication_needs",),
        covers=("people.person.merged_into",),
    ),
    Held(
        "Family members and carers",
        through(FamilyMember),
        delete=True,
        covers=("people.familymember.person",),
    ),
    Held(
        "Records merged",
        lambda ids: PersonMerge.objects.filter(Q(kept__in=ids) | Q(absorbed__in=ids)),
        erase={"absorbed_snapshot": {}},
        covers=("people.personmerge.kept", "people.personmerge.absorbed"),
    ),
)
