import csv
import io
import json

import pytest
from django.urls import reverse

from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import PersonFactory
from navigator.people.tests.helpers import person_data
from navigator.trail.views import CSV_COLUMNS


@pytest.fixture
def ada(organisation):
    return PersonFactory(organisation=organisation, given_name="Ada", family_name="Lovelace")


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_person_export_has_a_header_and_a_row_per_event(signed_in, link_worker, manager, ada):
    worker = signed_in(link_worker)
    worker.get(reverse("people:detail", args=[ada.pk]), REMOTE_ADDR="198.51.100.23")
    worker.post(reverse("people:edit", args=[ada.pk]), person_data(ada, town="Leeds"))

    response = signed_in(manager).get(reverse("trail:person_export", args=[ada.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="audit-person-{ada.pk}-' in response["Content-Disposition"]
    header, *events = rows(response)
    assert header == CSV_COLUMNS
    assert [event[3] for event in events] == ["exported", "updated", "viewed"]
    exported, updated, viewed = (dict(zip(header, event, strict=True)) for event in events)
    assert viewed["actor"] == str(link_worker)
    assert viewed["ip_address"] == "198.51.100.23"
    assert viewed["person_id"] == str(ada.pk)
    assert json.loads(updated["changes"]) == {"town": ["", "Leeds"]}
    assert exported["actor"] == str(manager)


def test_exporting_is_itself_audited(signed_in, manager, ada):
    signed_in(manager).get(reverse("trail:person_export", args=[ada.pk]))

    event = AuditEvent.objects.get()
    assert event.action == AuditEvent.Action.EXPORTED
    assert (event.actor, event.person_id) == (manager, ada.pk)


def test_user_export_lists_what_the_user_did(signed_in, link_worker, manager, ada):
    signed_in(link_worker).get(reverse("people:detail", args=[ada.pk]))

    response = signed_in(manager).get(reverse("trail:user_export", args=[link_worker.pk]))

    header, *events = rows(response)
    assert header == CSV_COLUMNS
    assert len(events) == 1
    assert events[0][3] == "viewed"
    exported = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert (exported.actor, exported.object_type) == (manager, "accounts.user")
    assert exported.object_id == str(link_worker.pk)


def test_text_a_spreadsheet_would_run_is_made_inert(signed_in, link_worker, manager, organisation):
    mallory = PersonFactory(organisation=organisation, given_name="=HYPERLINK(1)", family_name="X")
    signed_in(link_worker).get(reverse("people:detail", args=[mallory.pk]))

    response = signed_in(manager).get(reverse("trail:person_export", args=[mallory.pk]))

    labels = [event[6] for event in rows(response)[1:]]
    assert labels == ["'=HYPERLINK(1) X", "'=HYPERLINK(1) X"]
