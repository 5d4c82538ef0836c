import datetime
import itertools
from collections.abc import Iterator

import factory
from django.utils import timezone

from navigator.accounts.tests.factories import OrganisationFactory
from navigator.core.tests.factories import FamilyName, PlainName
from navigator.core.validators import nhs_number_check_digit
from navigator.outreach.models import CallAttempt, Cohort, CohortMember, Outcome


def nhs_numbers(start: int = 0) -> Iterator[str]:
    """Valid NHS numbers in the 999 test range, each once."""
    for n in itertools.count(start):
        first_nine = f"999{n:06d}"
        check = nhs_number_check_digit(first_nine)
        if check is not None:
            yield f"{first_nine}{check}"


_numbers = nhs_numbers(500_000)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    reason = "Over 75 and living alone"
    uploaded_at = factory.LazyFunction(timezone.now)
    file_name = "cohort.csv"
    file_sha256 = factory.Sequence(lambda n: f"{n:064x}")
    report = factory.LazyFunction(
        lambda: {"rows_read": 0, "imported": 0, "problems": [], "notes": [], "unknown_columns": []}
    )


class CohortMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortMember

    cohort = factory.SubFactory(CohortFactory)
    organisation = factory.SelfAttribute("cohort.organisation")
    given_name = PlainName("first_name")
    family_name = FamilyName()
    date_of_birth = factory.Sequence(
        lambda n: datetime.date(1940, 1, 1) + datetime.timedelta(days=41 * n)
    )
    nhs_number = factory.LazyFunction(lambda: next(_numbers))
    phone = "+441134960000"
    reason = "Over 75 and living alone"


class CallAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallAttempt

    member = factory.SubFactory(CohortMemberFactory)
    organisation = factory.SelfAttribute("member.organisation")
    at = factory.LazyFunction(timezone.now)
    outcome = Outcome.NO_ANSWER
