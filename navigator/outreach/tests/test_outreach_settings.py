"""Each organisation sets how many failed attempts take someone off the call list."""

import pytest
from django.urls import reverse

from navigator.audit.models import AuditEvent
from navigator.outreach.models import DEFAULT_FAILED_ATTEMPT_LIMIT, OutreachSettings

pytestmark = pytest.mark.django_db
URL = reverse("outreach:settings")


def test_settings_are_made_with_the_default_on_first_use(signed_in, manager):
    response = signed_in(manager).get(URL)

    assert response.status_code == 200
    row = OutreachSettings.objects.get(organisation=manager.organisation)
    assert row.failed_attempt_limit == DEFAULT_FAILED_ATTEMPT_LIMIT == 3
    assert 'value="3"' in response.text


def test_a_manager_changes_the_limit(signed_in, manager):
    client = signed_in(manager)
    client.get(URL)

    response = client.post(URL, {"failed_attempt_limit": 5, "version": 1})

    assert response.status_code == 302
    assert OutreachSettings.objects.get().failed_attempt_limit == 5
    event = AuditEvent.objects.get(object_type="outreach.outreachsettings")
    assert event.changes == {"failed_attempt_limit": [3, 5]}


@pytest.mark.parametrize("value", ["0", "21", "three", ""])
def test_the_limit_must_be_a_number_from_1_to_20(signed_in, manager, value):
    response = signed_in(manager).post(URL, {"failed_attempt_limit": value, "version": 1})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert OutreachSettings.objects.get().failed_attempt_limit == 3


def test_each_organisation_has_its_own(signed_in, manager, other_organisation):
    OutreachSettings.objects.create(organisation=other_organisation, failed_attempt_limit=7)

    signed_in(manager).post(URL, {"failed_attempt_limit": 2, "version": 1})

    limits = dict(OutreachSettings.objects.values_list("organisation", "failed_attempt_limit"))
    assert limits == {manager.organisation_id: 2, other_organisation.pk: 7}
