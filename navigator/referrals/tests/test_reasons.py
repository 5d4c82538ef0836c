import pytest
from django.urls import reverse

from navigator.referrals import services
from navigator.referrals.models import DEFAULT_REASONS, ReferralReason
from navigator.referrals.tests.factories import ReferralReasonFactory

pytestmark = pytest.mark.django_db
REASONS = reverse("referrals:reasons")


def test_the_list_is_seeded_once(signed_in, manager, organisation):
    client = signed_in(manager)
    client.get(REASONS)
    client.get(REASONS)
    services.seed_reasons(organisation=organisation)

    names = list(
        ReferralReason.objects.filter(organisation=organisation).values_list("name", flat=True)
    )
    assert names == DEFAULT_REASONS


def test_a_manager_adds_renames_and_takes_a_reason_off_the_form(
    signed_in, manager, referrer, organisation
):
    client = signed_in(manager)
    client.post(REASONS, {"name": "Digital skills"})
    reason = ReferralReason.objects.get(name="Digital skills")

    client.post(
        reverse("referrals:reason_edit", args=[reason.pk]), {"name": "Digital help", "version": "1"}
    )
    reason.refresh_from_db()
    assert (reason.name, reason.active) == ("Digital help", False)

    form = signed_in(referrer).get(reverse("referrals:create")).text
    assert "Digital help" not in form
    assert "Housing" in form


def test_a_duplicate_name_is_refused(signed_in, manager, organisation):
    client = signed_in(manager)
    client.get(REASONS)

    response = client.post(REASONS, {"name": "housing"})

    assert "Your list already has this reason" in response.text
    assert 'value="housing"' in response.text


def test_another_organisations_reason_is_not_found(signed_in, manager, other_organisation):
    theirs = ReferralReasonFactory(organisation=other_organisation)

    response = signed_in(manager).get(reverse("referrals:reason_edit", args=[theirs.pk]))

    assert response.status_code == 404


def test_link_workers_cannot_edit_the_list(signed_in, link_worker):
    assert signed_in(link_worker).get(REASONS).status_code == 403
