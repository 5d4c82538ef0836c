"""The triage queue warns about a likely duplicate referral: the same NHS number, or the same
name and date of birth, open or received in the last 90 days."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.referrals.states import State
from navigator.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("referrals:queue")
WARNING = "Possible duplicate"


def referral(organisation, reference: str, **fields):
    values = {"given_name": "Orla", "family_name": "Brennagh", "nhs_number": ""} | fields
    return ReferralFactory(organisation=organisation, reference=reference, **values)


def flagged(client, reference: str) -> bool:
    html = client.get(QUEUE).text
    row = next(row for row in html.split("<tr") if f">{reference}<" in row)
    return WARNING in row


def test_the_same_nhs_number_is_flagged_in_the_queue_and_on_the_referral(
    signed_in, link_worker, organisation
):
    first = referral(organisation, "DUPE0001", nhs_number="9434765919", given_name="Orla")
    second = referral(organisation, "DUPE0002", nhs_number="9434765919", given_name="Aoife")
    client = signed_in(link_worker)
    assert flagged(client, "DUPE0001") and flagged(client, "DUPE0002")
    page = client.get(reverse("referrals:detail", args=[second.pk])).text
    assert "Possible duplicate referral" in page
    assert reverse("referrals:detail", args=[first.pk]) in page


def test_the_same_name_and_date_of_birth_is_flagged_whatever_the_case(
    signed_in, link_worker, organisation
):
    referral(organisation, "DUPE0003")
    referral(organisation, "DUPE0004", given_name="ORLA", family_name="brennagh")
    referral(organisation, "DIFF0001", given_name="Orla", date_of_birth=datetime.date(1950, 1, 1))
    client = signed_in(link_worker)
    assert flagged(client, "DUPE0003") and flagged(client, "DUPE0004")
    assert not flagged(client, "DIFF0001")


def test_a_referral_closed_long_ago_is_not_a_likely_duplicate(
    signed_in, link_worker, organisation, other_organisation
):
    now = timezone.now()
    referral(organisation, "NEW00001")
    referral(
        organisation,
        "OLD00001",
        state=State.CLOSED,
        received_at=now - datetime.timedelta(days=200),
    )
    # Nor is another service's referral of the same person.
    referral(other_organisation, "ELSE0001")
    client = signed_in(link_worker)
    assert not flagged(client, "NEW00001")
    referral(
        organisation,
        "REC00001",
        state=State.DECLINED,
        received_at=now - datetime.timedelta(days=30),
    )
    assert flagged(client, "NEW00001")


def test_a_birthday_shared_by_many_others_flags_only_the_same_person(
    signed_in, link_worker, organisation
):
    birthday = datetime.date(1961, 4, 9)
    first = referral(organisation, "SAME0001", date_of_birth=birthday)
    later = referral(organisation, "SAME0002", date_of_birth=birthday)
    for n in range(30):  # others born that day: read as rows, never loaded as referrals
        referral(organisation, f"BDAY{n:04}", family_name=f"Other{n}", date_of_birth=birthday)
    client = signed_in(link_worker)
    assert flagged(client, "SAME0001") and not flagged(client, "BDAY0000")

    page = client.get(reverse("referrals:detail", args=[first.pk])).text

    linked = [reference for reference in ("SAME0002", "BDAY0000") if f">{reference}<" in page]
    assert linked == ["SAME0002"]
    assert reverse("referrals:detail", args=[later.pk]) in page
