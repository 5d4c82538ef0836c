"""A measure started and not finished can be discarded; a completed one is kept."""

import pytest
from django.urls import reverse

from navigator.audit.models import AuditEvent
from navigator.outcomes.models import Administration
from navigator.outcomes.tests.helpers import ONS4_BASELINE, completed, started
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_started_measure_is_discarded(signed_in, link_worker) -> None:
    person = PersonFactory(organisation=link_worker.organisation)
    record = started(person, link_worker)
    client = signed_in(link_worker)
    url = reverse("outcomes:administration", args=[record.pk])
    assert 'value="discard"' in client.get(url).content.decode()

    response = client.post(url, {"action": "discard"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("outcomes:person", args=[person.pk])
    assert "discarded" in response.content.decode()
    assert not Administration.objects.filter(pk=record.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETED, person_id=person.pk).exists()


def test_a_completed_measure_is_kept(signed_in, link_worker) -> None:
    person = PersonFactory(organisation=link_worker.organisation)
    record = completed(person, link_worker, ONS4_BASELINE)
    client = signed_in(link_worker)
    url = reverse("outcomes:administration", args=[record.pk])
    assert 'value="discard"' not in client.get(url).content.decode()
    client.post(url, {"action": "discard"})
    assert Administration.objects.filter(pk=record.pk).exists()
