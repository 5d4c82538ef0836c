import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.referrals.models import ReferralEmailTemplate
from navigator.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(organisation, acting):
    from navigator.people.tests.factories import PersonFactory
    from navigator.referrals import services

    referral = ReferralFactory(
        organisation=organisation,
        given_name="Edith",
        family_name="Walker",
        referrer_email="gp@example.org",
    )
    return services.triage(referral=referral, person=PersonFactory(organisation=organisation))


def test_acceptance_is_e_mailed_through_the_queue_without_the_persons_name(
    signed_in,
    link_worker,
    referral,
    immediate_tasks,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(link_worker).post(reverse("referrals:accept", args=[referral.pk]), {})

    [email] = mailoutbox
    assert email.to == ["gp@example.org"]
    assert referral.reference in email.subject
    assert "EW" in email.body
    assert "Edith" not in email.body + email.subject
    assert "Walker" not in email.body + email.subject


def test_a_decline_e_mail_carries_the_reason_and_signposting(
    signed_in,
    link_worker,
    referral,
    immediate_tasks,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(link_worker).post(
            reverse("referrals:decline", args=[referral.pk]),
            {"reason": "out_of_area", "signposting_note": "Try Calder Valley"},
        )

    [email] = mailoutbox
    assert "Out of area" in email.body
    assert "Try Calder Valley" in email.body


def test_no_e_mail_without_the_persons_consent(
    signed_in,
    link_worker,
    referral,
    immediate_tasks,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    type(referral).objects.filter(pk=referral.pk).update(consent_given=False)

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(link_worker).post(reverse("referrals:accept", args=[referral.pk]), {})

    assert mailoutbox == []


def test_no_e_mail_without_an_address(
    signed_in,
    link_worker,
    referral,
    immediate_tasks,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    type(referral).objects.filter(pk=referral.pk).update(referrer_email="")

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(link_worker).post(reverse("referrals:accept", args=[referral.pk]), {})

    assert mailoutbox == []


def test_the_e_mail_is_queued_not_sent_in_the_request(
    signed_in, link_worker, referral, database_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(link_worker).post(reverse("referrals:accept", args=[referral.pk]), {})

    assert mailoutbox == []
    assert DBTaskResult.objects.count() == 1


def test_a_manager_words_the_e_mails(
    signed_in,
    manager,
    link_worker,
    referral,
    immediate_tasks,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = signed_in(manager)
    page = client.get(reverse("referrals:emails"))
    assert "Referral {reference} accepted" in page.text
    assert ReferralEmailTemplate.objects.count() == 2

    bad = client.post(
        reverse("referrals:emails"),
        {"kind": "accepted", "accepted-subject": "Hi {given_name}", "accepted-body": "x"},
    )
    assert "{given_name} is not a placeholder" in bad.text
    assert "Hi {given_name}" in bad.text

    client.post(
        reverse("referrals:emails"),
        {
            "kind": "accepted",
            "accepted-subject": "Yes to {reference}",
            "accepted-body": "Ok.",
            "accepted-version": "1",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(link_worker).post(reverse("referrals:accept", args=[referral.pk]), {})
    assert mailoutbox[0].subject == f"Yes to {referral.reference}"


def test_only_managers_edit_the_e_mails(signed_in, link_worker):
    assert signed_in(link_worker).get(reverse("referrals:emails")).status_code == 403


def test_an_e_mail_saved_from_a_stale_form_is_refused(signed_in, manager, organisation):
    colleague = UserFactory(organisation=organisation, role=Role.MANAGER)
    signed_in(manager).get(reverse("referrals:emails"))  # the templates are made, at version 1
    form = {"kind": "declined", "declined-body": "Sorry.", "declined-version": "1"}
    first = signed_in(colleague).post(
        reverse("referrals:emails"), form | {"declined-subject": "About {reference}"}
    )
    assert first.status_code == 302

    refused = signed_in(manager).post(
        reverse("referrals:emails"), form | {"declined-subject": "Referral {reference}"}
    )

    assert refused.status_code == 200
    assert "Someone else changed this record while you were editing it" in refused.text
    assert '<td class="nhsuk-table__cell">About {reference}</td>' in refused.text
    saved = ReferralEmailTemplate.objects.get(organisation=organisation, kind="declined")
    assert saved.subject == "About {reference}"
