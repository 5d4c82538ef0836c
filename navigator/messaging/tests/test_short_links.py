"""A text carries a short link (`/l/<16 characters>/`) instead of the page's full secure link:
it leads to the same page with the same token, so it expires, is spent and is refused exactly
as the secure link is. The e-mail of the same link keeps the page's own address."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.links.models import Purpose, SecureLink
from navigator.messaging.tests.helpers import send_feedback_link, texted_case
from navigator.messaging.wording import text_length

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]
SITE = "https://navigator.example.nhs.uk"


@pytest.fixture
def texted(settings, organisation, link_worker, notify, django_capture_on_commit_callbacks):
    """A feedback link texted to someone; the text as GOV.UK Notify got it."""
    settings.NAVIGATOR_SITE_URL = SITE
    settings.NAVIGATOR_QUIET_HOURS = "00:00-00:00"
    with django_capture_on_commit_callbacks(execute=True):
        send_feedback_link(texted_case(organisation, link_worker), link_worker)
    return notify.sent[0]["personalisation"]["body"]


def _short_token(text: str) -> str:
    return text.split(f"{SITE}/l/")[1].split("/")[0]


def test_the_text_carries_a_short_link_and_stays_short(texted):
    token = _short_token(texted)

    assert len(token) == 16
    assert texted == (
        "Leeds North Social Prescribing: how was your experience of our service? Tell us here: "
        f"{SITE}/l/{token}/ If you would rather not answer, you do not need to do anything."
    )
    # 150 characters of words and the 52 of the link; the full link would have been 91.
    length = text_length(texted)
    assert (length.characters, length.fragments) == (202, 2)


def test_the_short_link_opens_the_feedback_page(client, texted):
    token = _short_token(texted)

    answer = client.get(f"/l/{token}/")
    page = client.get(answer["Location"])

    assert answer.status_code == 302
    assert answer["Location"] == reverse("feedback:give", args=[token])
    assert answer["Cache-Control"].startswith("max-age=0")
    assert page.status_code == 200


def test_an_expired_or_unknown_short_link_is_refused(client, texted):
    SecureLink.objects.filter(purpose=Purpose.FEEDBACK).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    expired = client.get(f"/l/{_short_token(texted)}/")
    unknown = client.get("/l/AAAAAAAAAAAAAAAA/")

    assert (expired.status_code, unknown.status_code) == (410, 404)
    assert "This link has expired" in expired.text
    assert "This link is not valid" in unknown.text
