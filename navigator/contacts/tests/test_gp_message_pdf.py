"""The message back to the GP and referrer as a PDF letter, from the page's own template."""

from django.urls import reverse

from navigator.audit.context import Actor, acting_as
from navigator.contacts import services
from navigator.contacts.models import GPMessage
from navigator.contacts.tests.helpers import allocated_through_services, log
from navigator.core.tests.pdf import pdf_text
from navigator.referrals.models import CodedEvent


def _closed(organisation, worker, **extra):
    case = allocated_through_services(organisation, worker)
    log(case, worker)
    with acting_as(Actor(user=worker)):
        services.close_case(
            referral=case, reason="goals_met", summary="Goes walking every Saturday", **extra
        )
    return case


def test_the_pdf_carries_the_letter(organisation, link_worker, signed_in) -> None:
    case = _closed(organisation, link_worker)
    client = signed_in(link_worker)
    page = client.get(reverse("contacts:gp_message", kwargs={"pk": case.pk})).content.decode()
    pdf_url = reverse("contacts:gp_message_pdf", kwargs={"pk": case.pk})
    assert pdf_url in page

    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert case.reference in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Message back to the GP" in text
    assert case.person.full_name in text
    assert "Dr Asha Patel" in text  # the referrer
    assert "Goes walking every Saturday" in text
    assert "1 contact." in text
    assert CodedEvent.Code.REFERRAL_ACCEPTED.value in text
    assert "Download the message" not in text  # the page's own links stay off the letter

    # The structured data for the API is kept alongside.
    content = GPMessage.objects.get(referral=case).content
    assert content["referrer"]["name"] == "Dr Asha Patel"
    assert content["closing_summary"] == "Goes walking every Saturday"


def test_codes_only_pdf_has_no_notes(organisation, link_worker, signed_in) -> None:
    case = _closed(organisation, link_worker, codes_only=True)
    url = reverse("contacts:gp_message_pdf", kwargs={"pk": case.pk})
    text = pdf_text(signed_in(link_worker).get(url).content)
    assert "only the codes" in text
    assert "Goes walking every Saturday" not in text
    assert CodedEvent.Code.REFERRAL_ACCEPTED.value in text


def test_another_organisations_pdf_is_not_found(
    organisation, other_organisation, link_worker, signed_in
) -> None:
    from navigator.accounts.permissions import Role
    from navigator.accounts.tests.factories import UserFactory

    other_worker = UserFactory(organisation=other_organisation, role=Role.LINK_WORKER)
    case = _closed(other_organisation, other_worker)
    url = reverse("contacts:gp_message_pdf", kwargs={"pk": case.pk})
    assert signed_in(link_worker).get(url).status_code == 404
