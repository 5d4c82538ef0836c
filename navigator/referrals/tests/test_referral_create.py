import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.referrals.models import Channel, Referral, ReferralReason, SourceType
from navigator.referrals.tests.factories import ReferralFactory, referral_post_data

pytestmark = pytest.mark.django_db
CREATE = reverse("referrals:create")


def test_a_referrer_gets_the_form_with_their_details_filled_in(signed_in, referrer):
    referrer.job_title = "GP"
    referrer.save()
    html = signed_in(referrer).get(CREATE).text

    assert f'value="{referrer.get_full_name()}"' in html
    assert f'value="{referrer.organisation.name}"' in html
    assert 'name="source_type"' not in html
    # The organisation's reasons were seeded on first use and are offered as checkboxes.
    assert "Loneliness or isolation" in html


def test_a_referrer_sends_a_referral_and_sees_its_reference(signed_in, referrer, organisation):
    client = signed_in(referrer)
    client.get(CREATE)
    reason = ReferralReason.objects.get(organisation=organisation, name="Housing")
    response = client.post(CREATE, referral_post_data(reasons=[reason.pk]))

    assert response.status_code == 302
    assert response.url == reverse("referrals:sent")
    referral = Referral.objects.get()
    assert referral.source_type == SourceType.PRIMARY_CARE
    assert referral.channel == Channel.FORM
    assert referral.referred_by == referrer
    assert referral.postcode == "LS7 3EF"
    assert referral.phone == "+441134960000"
    assert [r.name for r in referral.reasons.all()] == ["Housing"]
    assert referral.consent_given_at is not None
    page = client.get(response.url).text
    assert referral.reference in page


def test_errors_are_shown_and_what_was_typed_is_kept(signed_in, referrer):
    response = signed_in(referrer).post(
        CREATE,
        referral_post_data(
            given_name="", nhs_number="123 456 7890", date_of_birth_year="19", consent_method=""
        ),
    )

    html = response.text
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter their first name" in html
    assert "Select how the person gave their consent" in html
    assert 'value="123 456 7890"' in html
    assert 'value="19"' in html
    assert not Referral.objects.exists()


def test_a_referral_without_consent_is_saved_but_flagged(signed_in, referrer, link_worker):
    client = signed_in(referrer)
    client.post(CREATE, referral_post_data(consent_given="", consent_method=""))

    referral = Referral.objects.get()
    assert not referral.consent_given
    assert "No consent recorded" in client.get(reverse("referrals:sent")).text
    queue = signed_in(link_worker).get(reverse("referrals:queue")).text
    assert "No consent" in queue


def test_staff_key_in_a_referral_that_came_another_way(signed_in, link_worker):
    client = signed_in(link_worker)
    assert 'name="source_type"' in client.get(CREATE).text

    response = client.post(
        CREATE, referral_post_data(source_type=SourceType.PHARMACY, channel=Channel.PHONE)
    )

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.source_type, referral.channel) == (SourceType.PHARMACY, Channel.PHONE)


def test_staff_must_say_where_a_referral_came_from(signed_in, link_worker):
    response = signed_in(link_worker).post(CREATE, referral_post_data())

    assert "Select who referred them" in response.text
    assert "Select how the referral arrived" in response.text


def test_a_referrer_sees_only_the_referrals_they_made(
    signed_in, referrer, user_with_role, organisation
):
    mine = ReferralFactory(organisation=organisation, referred_by=referrer)
    someone_elses = ReferralFactory(organisation=organisation)

    html = signed_in(referrer).get(reverse("referrals:made")).text

    assert mine.reference in html
    assert "Received" in html
    assert someone_elses.reference not in html


def test_the_confirmation_shows_only_the_referral_this_user_sent(
    client, signed_in, referrer, organisation
):
    other = ReferralFactory(organisation=organisation)
    client = signed_in(referrer)
    session = client.session
    session["referrals:sent"] = other.pk
    session.save()

    assert other.reference not in client.get(reverse("referrals:sent")).text


def test_staff_record_the_date_a_letter_arrived(signed_in, link_worker):
    arrived = timezone.localdate() - datetime.timedelta(days=6)
    data = referral_post_data(source_type=SourceType.HOUSING, channel=Channel.LETTER)
    data |= {
        "received_on_day": arrived.day,
        "received_on_month": arrived.month,
        "received_on_year": arrived.year,
    }

    signed_in(link_worker).post(CREATE, data)

    referral = Referral.objects.get()
    assert timezone.localtime(referral.received_at).date() == arrived
    assert referral.transitions.get().at == referral.received_at


def test_a_received_date_in_the_future_is_refused(signed_in, link_worker):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = referral_post_data(source_type=SourceType.HOUSING, channel=Channel.LETTER)
    data |= {
        "received_on_day": tomorrow.day,
        "received_on_month": tomorrow.month,
        "received_on_year": tomorrow.year,
    }

    response = signed_in(link_worker).post(CREATE, data)

    assert response.status_code == 200
    assert "Date must be today or in the past" in response.text
    assert not Referral.objects.exists()
