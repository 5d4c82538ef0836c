"""A person who objects to their data being used beyond their care (the National Data
Opt-out) is left out of the PRSB dataset, and the manager is told how many were left out."""

import csv
import io

from django.urls import reverse

from navigator.audit.models import AuditEvent
from navigator.people.models import Person
from navigator.people.tests.factories import PersonFactory
from navigator.reports.tests.helpers import referral

QUERY = {"end_day": "31", "end_month": "1", "end_year": "2026"}


def test_an_opted_out_person_is_absent_from_the_dataset_and_counted(
    signed_in, manager, organisation
):
    staying = PersonFactory(organisation=organisation, nhs_number="9990003210")
    leaving = PersonFactory(
        organisation=organisation, nhs_number="9990004217", national_data_opt_out=True
    )
    kept = referral(organisation, person=staying, received=1)
    left_out = referral(organisation, person=leaving, received=2)
    client = signed_in(manager)

    response = client.get(reverse("reports:prsb_dataset", kwargs={"file_format": "csv"}), QUERY)
    page = client.get(reverse("reports:section", kwargs={"slug": "dataset"}), QUERY)

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["Referral reference"] for row in rows] == [kept.reference]
    assert "9990004217" not in response.content.decode()
    assert response["X-Opted-Out-Excluded"] == "1"
    assert "1 referral of people who objected to their data being used beyond their care" in (
        page.text
    )
    # Left out of the export, so not audited as exported either.
    exported = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED)
    assert {event.object_id for event in exported} == {str(kept.pk)}
    assert left_out.pk != kept.pk


def test_the_objection_is_asked_with_consent_and_shown_on_the_record(
    signed_in, manager, organisation
):
    person = PersonFactory(organisation=organisation, national_data_opt_out=True)
    client = signed_in(manager)

    form = client.get(reverse("people:edit", args=[person.pk]))
    record = client.get(reverse("people:detail", args=[person.pk]))

    assert "Objects to their data being used beyond their care" in form.text
    assert "Opted out: left out of the PRSB dataset" in record.text
    assert not Person._meta.get_field("national_data_opt_out").default
