"""The referral form asks referrers and staff, optionally, for the person's main language, as
the self-referral form asks the person; an onward referral shares it with their contact
preferences. Triage carries it to the person's record (test_self_referral_language)."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.people.tests.factories import PersonFactory
from navigator.referrals.models import Channel, Referral, SourceType
from navigator.referrals.tests.factories import referral_post_data

pytestmark = pytest.mark.django_db
CREATE = reverse("referrals:create")


def test_a_referrer_gives_the_persons_main_language(signed_in, referrer):
    client = signed_in(referrer)
    html = client.get(CREATE).text
    assert "Their main language (optional)" in html
    assert 'aria-describedby="id_language-hint"' in html

    response = client.post(CREATE, referral_post_data(language="  Polish "))

    assert response.status_code == 302
    assert Referral.objects.get().language == "Polish"


def test_staff_keying_in_a_referral_give_it_too_or_leave_it_out(signed_in, link_worker):
    client = signed_in(link_worker)
    for language in ("British Sign Language", ""):
        client.post(
            CREATE,
            referral_post_data(
                source_type=SourceType.PHARMACY, channel=Channel.PHONE, language=language
            ),
        )

    assert list(Referral.objects.order_by("pk").values_list("language", flat=True)) == [
        "British Sign Language",
        "",
    ]


def test_too_long_a_language_is_refused_and_what_was_typed_is_kept(signed_in, referrer):
    typed = "Polish and " + "a" * 90

    response = signed_in(referrer).post(CREATE, referral_post_data(language=typed))

    html = response.text
    assert response.status_code == 200
    assert 'href="#id_language"' in html
    assert f'value="{typed}"' in html
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("share", "shared"),
    [(["contact_preferences"], "Polish"), (["nhs_number"], "")],
    ids=["with contact preferences", "not chosen"],
)
def test_an_onward_referral_shares_the_language_with_contact_preferences(
    signed_in, link_worker, organisation, other_organisation, share, shared
) -> None:
    UserFactory(organisation=other_organisation, role=Role.MANAGER)
    person = PersonFactory(
        organisation=organisation, consent_to_hold=True, consent_to_share=True, language="Polish"
    )

    signed_in(link_worker).post(
        reverse("referrals:onward", args=[person.pk]),
        {"organisation": other_organisation.pk, "share": share, "reason_details": "Moved"},
    )

    assert Referral.objects.get().language == shared
