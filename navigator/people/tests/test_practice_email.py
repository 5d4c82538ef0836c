"""A manager gives a GP practice its secure generic e-mail address (the practice file has
none), so that the message back to the GP can be e-mailed; an address not on a secure domain
is refused and what was typed kept."""

import pytest
from django.urls import reverse

from navigator.audit.models import AuditEvent
from navigator.people.models import GPPractice
from navigator.people.tests.factories import GPPracticeFactory

pytestmark = pytest.mark.django_db


def test_a_manager_finds_a_practice_and_sets_its_email(signed_in, manager):
    GPPracticeFactory(ods_code="B86001", name="Chapel Allerton Medical Centre")
    GPPracticeFactory(ods_code="B86002", name="Roundhay Road Surgery")
    client = signed_in(manager)
    page = reverse("people:practice_email", args=["B86001"])

    found = client.get(reverse("people:practice_list"), {"q": "chapel"}).text
    refused = client.post(page, {"email": "reception@example.com"})
    saved = client.post(page, {"email": "chapel.allerton@nhs.net"})

    assert "1 practice matches" in found and "Roundhay" not in found
    assert refused.status_code == 200
    assert "Enter a secure e-mail address, ending in @nhs.net" in refused.text
    assert 'value="reception@example.com"' in refused.text
    assert saved.status_code == 302
    practice = GPPractice.objects.get(ods_code="B86001")
    assert (practice.email, practice.email_set_by_hand) == ("chapel.allerton@nhs.net", True)
    event = AuditEvent.objects.get(object_type="people.gppractice")
    assert event.changes == {"email": ["", "chapel.allerton@nhs.net"]}
    assert event.organisation_id == manager.organisation_id


def test_a_link_worker_may_not_set_a_practice_email(signed_in, link_worker):
    GPPracticeFactory(ods_code="B86001")

    answer = signed_in(link_worker).post(
        reverse("people:practice_email", args=["B86001"]), {"email": "chapel@nhs.net"}
    )

    assert answer.status_code == 403
    assert GPPractice.objects.get(ods_code="B86001").email == ""
