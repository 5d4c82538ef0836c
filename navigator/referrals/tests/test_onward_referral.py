import pytest
from django.urls import reverse

from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import PersonFactory
from navigator.referrals.models import Referral, SourceType

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(organisation):
    return PersonFactory(
        organisation=organisation,
        consent_to_hold=True,
        consent_to_share=True,
        consent_method="written",
        nhs_number="9434765919",
        phone="+441134960000",
    )


@pytest.fixture(autouse=True)
def _other_service_staff(other_organisation):
    """The other service has a manager: it is a social prescribing service using Navigator."""
    from navigator.accounts.permissions import Role
    from navigator.accounts.tests.factories import UserFactory

    UserFactory(organisation=other_organisation, role=Role.MANAGER)


def onward(person) -> str:
    return reverse("referrals:onward", args=[person.pk])


def test_refer_onward_lands_in_the_receiving_queue_only(
    signed_in,
    link_worker,
    user_with_role,
    person,
    organisation,
    other_organisation,
    django_user_model,
):
    from navigator.accounts.permissions import Role
    from navigator.accounts.tests.factories import UserFactory

    client = signed_in(link_worker)
    response = client.post(
        onward(person),
        {"organisation": other_organisation.pk, "share": ["nhs_number"], "reason_details": "Moved"},
    )

    assert response.url == reverse("referrals:onward_sent", args=[person.pk])
    referral = Referral.objects.get()
    assert referral.organisation == other_organisation
    assert referral.source_type == SourceType.SOCIAL_PRESCRIBING
    assert referral.referring_organisation == organisation
    assert referral.nhs_number == "9434765919"
    assert referral.phone == ""  # not chosen, not shared
    assert AuditEvent.objects.filter(person_id=person.pk, changes__has_key="referred onward")
    # The sender cannot open it; the receiving service sees it in its queue.
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    receiver = UserFactory(organisation=other_organisation, role=Role.LINK_WORKER)
    queue = signed_in(receiver).get(reverse("referrals:queue")).text
    assert referral.reference in queue


def test_no_onward_referral_without_consent_to_share(
    signed_in, link_worker, organisation, other_organisation
):
    person = PersonFactory(organisation=organisation, consent_to_share=False)
    client = signed_in(link_worker)

    assert "so you cannot refer them onward" in client.get(onward(person)).text
    client.post(onward(person), {"organisation": other_organisation.pk, "reason_details": "x"})
    assert not Referral.objects.exists()


def test_a_service_cannot_refer_to_itself(signed_in, link_worker, person, organisation):
    response = signed_in(link_worker).post(
        onward(person), {"organisation": organisation.pk, "reason_details": "x"}
    )

    assert "from the choices given" in response.text
    assert not Referral.objects.exists()


def test_a_reason_is_needed(signed_in, link_worker, person, other_organisation):
    response = signed_in(link_worker).post(onward(person), {"organisation": other_organisation.pk})

    assert "Enter why you are referring them" in response.text


def test_another_organisations_person_is_not_found(signed_in, link_worker, other_organisation):
    theirs = PersonFactory(organisation=other_organisation, consent_to_share=True)

    assert signed_in(link_worker).get(onward(theirs)).status_code == 404


def test_volunteers_cannot_refer_onward(signed_in, user_with_role, person):
    from navigator.accounts.permissions import Role

    assert signed_in(user_with_role(Role.VOLUNTEER)).get(onward(person)).status_code == 403
