"""A manager downloads everything Navigator holds about one person: a ZIP of a tagged PDF and
a JSON file holding every record a full journey made for them, and nothing of anyone else."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from navigator.audit.models import AuditEvent
from navigator.contacts.models import Contact
from navigator.core.person_data import person_data
from navigator.core.tests.pdf import pdf_tagging, pdf_text
from navigator.feedback.models import FeedbackResponse
from navigator.governance.subject_access import WITHHELD, item_key, json_id
from navigator.governance.tests.journey import BARNABY, ZEPHYRINE, full_journey


def existing() -> dict[type, set]:
    """The ids of every row of every kind the registry covers (the queue's ids are UUIDs, so
    "newer" cannot be told by a larger id)."""
    models = {entry.model for entry in person_data()}
    return {model: set(model._base_manager.values_list("pk", flat=True)) for model in models}


@pytest.fixture
def journeys(organisation, link_worker, manager, django_capture_on_commit_callbacks):
    """Barnaby's journey, then Zephyrine's; and what existed before Zephyrine's began."""
    with django_capture_on_commit_callbacks(execute=True):
        full_journey(organisation, link_worker, manager, BARNABY)
    before = existing()
    with django_capture_on_commit_callbacks(execute=True):
        zephyrine = full_journey(organisation, link_worker, manager, ZEPHYRINE)
    return zephyrine, before


def release(client, person, withheld=()) -> tuple[dict, bytes]:
    response = client.post(
        reverse("governance:subject_access", args=[person.pk]), {"withheld": list(withheld)}
    )
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert [name.rsplit(".", 1)[1] for name in names] == ["json", "pdf"]
    return json.loads(archive.read(names[0])), archive.read(names[1])


def exported(document: dict) -> set[tuple[str, object]]:
    return {
        (record["record"], record["id"])
        for section in document["sections"]
        for record in section["records"]
    }


def test_the_release_holds_every_record_the_journey_made_and_nothing_of_anyone_else(
    signed_in, manager, journeys
):
    zephyrine, before = journeys
    document, pdf = release(signed_in(manager), zephyrine)

    made = set()
    for model, old in before.items():
        rows = model._base_manager.exclude(pk__in=old)
        if model is FeedbackResponse:
            rows = rows.exclude(anonymous=True)
        if model is AuditEvent:
            continue  # below
        if model is DBTaskResult:
            # Queued e-mails name their address; a queued message (messaging) only its id.
            rows = [
                task for task in rows if ZEPHYRINE.email in task.args_kwargs["kwargs"].get("to", [])
            ]
        made |= {(model._meta.label_lower, json_id(row.pk)) for row in rows}
    release_event = AuditEvent.objects.get(
        person_id=zephyrine.pk, action=AuditEvent.Action.EXPORTED
    )
    made |= {
        ("audit.auditevent", pk)
        for pk in AuditEvent.objects.filter(
            person_id=zephyrine.pk, pk__lte=release_event.pk
        ).values_list("pk", flat=True)
    }
    assert exported(document) == made
    # An e-mail queued to her (the appointment), the feedback link as a message sent to her
    # (messaging), and 9 kinds of free text.
    assert len([key for key in made if key[0] == "django_tasks_database.dbtaskresult"]) == 1
    assert len([key for key in made if key[0] == "messaging.message"]) == 1
    text = json.dumps(document, ensure_ascii=False)
    for word in (BARNABY.given_name, BARNABY.family_name, BARNABY.nhs_number, BARNABY.email):
        assert word not in text
    assert "Anonymous: my mother is happier" not in text
    assert "token_digest" not in text
    assert ZEPHYRINE.nhs_number in text
    assert "Rang Zephyrine Quillborough about the choir" in text
    # The PDF is tagged and readable.
    marked, kinds, _ = pdf_tagging(pdf)
    assert marked and "/H2" in kinds and "/L" in kinds
    reading = pdf_text(pdf)
    assert "Everything Navigator holds about Zephyrine Quillborough" in reading
    assert "Rang Zephyrine Quillborough about the choir" in reading
    assert "Barnaby" not in reading


def test_a_note_marked_is_withheld_from_both_files_and_the_release_is_audited(
    signed_in, manager, journeys
):
    zephyrine, _ = journeys
    client = signed_in(manager)
    contact = Contact.objects.get(person=zephyrine)
    key = item_key(Contact, contact.pk, "what_happened")

    page = client.get(reverse("governance:subject_access", args=[zephyrine.pk]))
    document, pdf = release(client, zephyrine, withheld=[key])

    assert "Rang Zephyrine Quillborough about the choir" in page.text
    contacts = next(s for s in document["sections"] if s["title"] == "Contacts")
    assert contacts["records"][0]["fields"]["what_happened"] == WITHHELD
    assert "Rang Zephyrine Quillborough about the choir" not in json.dumps(document)
    assert "Rang Zephyrine Quillborough about the choir" not in pdf_text(pdf)
    assert document["values_withheld"] == 1
    event = AuditEvent.objects.get(person_id=zephyrine.pk, action=AuditEvent.Action.EXPORTED)
    assert event.actor == manager
    assert event.changes == {"subject_access_release": [None, {"values_withheld": 1}]}


def test_another_organisations_manager_gets_not_found(
    signed_in, other_organisation, journeys, user_with_role
):
    from navigator.accounts.permissions import Role
    from navigator.accounts.tests.factories import UserFactory

    zephyrine, _ = journeys
    outsider = UserFactory(organisation=other_organisation, role=Role.MANAGER)
    response = signed_in(outsider).post(
        reverse("governance:subject_access", args=[zephyrine.pk]), {}
    )
    assert response.status_code == 404
