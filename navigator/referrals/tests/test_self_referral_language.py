"""The self-referral form asks, optionally, for the person's main language. It is kept with the
referral, shown to the staff who triage it, and carried to the person's record at triage."""

import datetime

import pytest
from django.urls import reverse

from navigator.people.tests.factories import PersonFactory
from navigator.referrals.models import Referral
from navigator.referrals.tests.test_self_referral_helpers import START, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ls6_catchment")]


def maya_on_record(organisation, language: str):
    """The person the form describes, already on record: triage offers to attach to her."""
    return PersonFactory(
        organisation=organisation,
        given_name="Maya",
        family_name="Lindqvist",
        date_of_birth=datetime.date(1952, 11, 3),
        language=language,
    )


def test_the_form_asks_for_the_main_language_in_plain_english(client):
    html = client.get(START).text

    assert 'for="id_language"' in html
    assert "Your main language (optional)" in html
    assert "if it is not English. For example, Polish or British Sign Language" in html
    assert 'aria-describedby="id_language-hint"' in html


def test_the_language_given_is_kept_with_the_referral(client):
    response = client.post(START, form_data(language="  Polish "))

    assert response.status_code == 302
    assert Referral.objects.get().language == "Polish"


def test_the_language_is_optional(client):
    response = client.post(START, form_data(language=None))

    assert response.status_code == 302
    assert Referral.objects.get().language == ""


def test_too_long_a_language_is_refused_and_what_was_typed_is_kept(client):
    typed = "Polish and " + "a" * 90

    response = client.post(START, form_data(language=typed))

    html = response.text
    assert response.status_code == 200
    assert "This must be 100 characters or fewer" in html
    assert 'href="#id_language"' in html
    assert 'id="id_language-error"' in html
    assert f'value="{typed}"' in html
    assert not Referral.objects.exists()


def test_staff_see_the_language_on_the_referral(client, manager, signed_in):
    client.post(START, form_data(language="Polish"))
    referral = Referral.objects.get()

    page = signed_in(manager).get(reverse("referrals:detail", kwargs={"pk": referral.pk})).text

    assert "Main language" in page
    assert "Polish" in page


def test_a_new_record_made_at_triage_has_the_language(client, manager, signed_in):
    client.post(START, form_data(language="Polish"))
    referral = Referral.objects.get()

    signed_in(manager).post(reverse("referrals:new_person", kwargs={"pk": referral.pk}))

    referral.refresh_from_db()
    assert referral.person.language == "Polish"


@pytest.mark.parametrize(
    ("on_record", "kept"),
    [("", "Polish"), ("Lithuanian", "Lithuanian")],
    ids=["none on record takes the one given", "one on record is kept"],
)
def test_a_matched_record_gets_the_language_only_when_it_has_none(
    client, manager, signed_in, on_record, kept
):
    client.post(START, form_data(language="Polish"))
    referral = Referral.objects.get()
    person = maya_on_record(manager.organisation, language=on_record)

    signed_in(manager).post(
        reverse("referrals:attach", kwargs={"pk": referral.pk}), {"person": person.pk}
    )

    person.refresh_from_db()
    assert person.language == kept
