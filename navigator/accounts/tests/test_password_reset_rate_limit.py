"""Password reset e-mails are rate-limited per e-mail address and per client, so the form
cannot be used to flood someone's inbox; the page says the same whether or not a link was
sent, so it tells nobody which addresses have accounts."""

import pytest
from django.core import mail
from django.urls import reverse

from navigator.accounts.tests.factories import UserFactory
from navigator.accounts.views import RESETS_PER_ADDRESS, RESETS_PER_CLIENT

RESET = reverse("accounts:password_reset")
DONE = reverse("accounts:password_reset_done")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


def test_one_address_gets_a_few_links_an_hour_however_often_it_is_asked(client, link_worker):
    responses = [
        client.post(RESET, {"email": link_worker.email}, REMOTE_ADDR=f"192.0.2.{number}")
        for number in range(7)
    ]

    assert len(mail.outbox) == RESETS_PER_ADDRESS.limit == 3
    assert {(response.status_code, response.url) for response in responses} == {(302, DONE)}


def test_the_address_is_matched_whatever_its_case(client, link_worker):
    for email in (link_worker.email, link_worker.email.upper(), link_worker.email.title()) * 2:
        client.post(RESET, {"email": email})

    assert len(mail.outbox) == 3


def test_one_client_gets_a_limited_number_of_links_for_any_addresses(client, organisation):
    users = [
        UserFactory(organisation=organisation, email=f"person{number}@example.org")
        for number in range(RESETS_PER_CLIENT.limit + 2)
    ]
    responses = [client.post(RESET, {"email": user.email}) for user in users]

    assert len(mail.outbox) == RESETS_PER_CLIENT.limit == 10
    assert {(response.status_code, response.url) for response in responses} == {(302, DONE)}


def test_refused_and_sent_look_the_same(client, link_worker):
    for _ in range(3):
        client.post(RESET, {"email": link_worker.email})

    refused = client.post(RESET, {"email": link_worker.email}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@example.org"}, follow=True)

    assert len(mail.outbox) == 3
    assert refused.redirect_chain == unknown.redirect_chain == [(DONE, 302)]
    assert main(refused) == main(unknown)


def main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]
