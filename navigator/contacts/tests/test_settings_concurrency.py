"""Two managers saving the caseload settings at once: the second save, made from a form opened
before the first, is refused and shows what is saved now beside what was typed."""

from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.contacts.models import CaseloadSettings

DEFAULTS = {
    "high_days": "7",
    "medium_days": "14",
    "low_days": "28",
    "expected_weeks": "12",
    "expected_contacts": "6",
    "caseload_target": "40",
    "follow_up_days": "90",
    "disengage_after": "3",
    "version": "1",
}


def test_caseload_settings_saved_from_a_stale_form_are_refused(
    signed_in, manager, organisation
) -> None:
    colleague = UserFactory(organisation=organisation, role=Role.MANAGER)
    url = reverse("contacts:settings")
    signed_in(manager).get(url)  # the settings are made with the defaults, at version 1
    assert signed_in(colleague).post(url, DEFAULTS | {"high_days": "5"}).status_code == 302

    refused = signed_in(manager).post(url, DEFAULTS | {"caseload_target": "35"})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else changed this record while you were editing it" in page
    assert '<td class="nhsuk-table__cell">5</td>' in page
    saved = CaseloadSettings.objects.get(organisation=organisation)
    assert (saved.high_days, saved.caseload_target) == (5, 40)
