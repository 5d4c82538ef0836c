"""The right to rectification: a record, or one of its family members or carers, is corrected
with an optional reason, kept with the change in the audit trail and shown on the person's
timeline beside the values before and after."""

import pytest
from django.urls import reverse

from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import PersonFactory
from navigator.people.tests.helpers import family_member_data, person_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(organisation):
    return PersonFactory(organisation=organisation, given_name="Ada", family_name="Byrne")


def test_the_edit_form_asks_for_a_reason_and_the_add_form_does_not(signed_in, link_worker, ada):
    client = signed_in(link_worker)

    edit = client.get(reverse("people:edit", args=[ada.pk]))
    add = client.get(reverse("people:create"))

    assert "Reason for the correction (optional)" in edit.text
    assert "Reason for the correction" not in add.text


def test_the_reason_is_kept_with_the_change_and_shown_on_the_timeline(signed_in, link_worker, ada):
    client = signed_in(link_worker)

    saved = client.post(
        reverse("people:edit", args=[ada.pk]),
        person_data(ada, family_name="Byron", correction_reason="Misspelt on the referral"),
    )
    timeline = client.get(reverse("people:timeline", args=[ada.pk]))

    assert saved.status_code == 302
    event = AuditEvent.objects.get(object_type="people.person", action="updated")
    assert event.changes == {
        "family_name": ["Byrne", "Byron"],
        "reason": [None, "Misspelt on the referral"],
    }
    assert (
        "Last name: Byrne → Byron. Reason for the correction: Misspelt on the referral"
        in timeline.text
    )


def test_without_a_reason_the_change_is_shown_alone(signed_in, link_worker, ada):
    client = signed_in(link_worker)

    client.post(reverse("people:edit", args=[ada.pk]), person_data(ada, family_name="Byron"))
    timeline = client.get(reverse("people:timeline", args=[ada.pk]))

    event = AuditEvent.objects.get(object_type="people.person", action="updated")
    assert event.changes == {"family_name": ["Byrne", "Byron"]}
    assert "Last name: Byrne → Byron" in timeline.text
    assert "Reason for the correction" not in timeline.text


def test_a_family_members_correction_keeps_its_reason(signed_in, link_worker, ada):
    client = signed_in(link_worker)
    client.post(
        reverse("people:family_add", args=[ada.pk]),
        family_member_data(name="Anne Isabella", relationship="Mother"),
    )
    member = ada.family_members.get()

    client.post(
        reverse("people:family_edit", args=[ada.pk, member.pk]),
        family_member_data(member, relationship="Aunt", correction_reason="She is her aunt"),
    )
    timeline = client.get(reverse("people:timeline", args=[ada.pk]))

    event = AuditEvent.objects.get(object_type="people.familymember", action="updated")
    assert event.changes == {
        "relationship": ["Mother", "Aunt"],
        "reason": [None, "She is her aunt"],
    }
    assert (
        "Anne Isabella (Aunt): Relationship: Mother → Aunt. "
        "Reason for the correction: She is her aunt"
    ) in timeline.text


def test_a_reason_too_long_is_refused_and_what_was_typed_is_kept(signed_in, link_worker, ada):
    client = signed_in(link_worker)

    page = client.post(
        reverse("people:edit", args=[ada.pk]),
        person_data(ada, family_name="Byron", correction_reason="x" * 501),
    )

    assert page.status_code == 200
    assert "Reason for the correction (optional) must be 500 characters or fewer" in page.text
    assert not AuditEvent.objects.filter(action="updated").exists()
    ada.refresh_from_db()
    assert ada.family_name == "Byrne"
