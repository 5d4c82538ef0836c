"""Staff record on the person's form whether the person agrees to be asked for feedback."""

from django.urls import reverse

from navigator.audit.models import AuditEvent
from navigator.people.models import Person
from navigator.people.tests.factories import PersonFactory
from navigator.people.tests.helpers import person_data


def test_agreeing_to_be_asked_for_feedback_is_saved_and_audited(signed_in, link_worker):
    ada = PersonFactory(organisation=link_worker.organisation)
    assert ada.may_contact_for_feedback is False

    page = signed_in(link_worker).get(reverse("people:edit", args=[ada.pk]))
    assert "Agrees to be asked for feedback" in page.text

    response = signed_in(link_worker).post(
        reverse("people:edit", args=[ada.pk]), person_data(ada, may_contact_for_feedback=True)
    )

    assert response.status_code == 302
    assert Person.objects.get(pk=ada.pk).may_contact_for_feedback is True
    changes = AuditEvent.objects.get(action=AuditEvent.Action.UPDATED).changes
    assert changes["may_contact_for_feedback"] == [False, True]


def test_unticking_it_withdraws_the_agreement(signed_in, link_worker):
    ada = PersonFactory(organisation=link_worker.organisation, may_contact_for_feedback=True)

    signed_in(link_worker).post(
        reverse("people:edit", args=[ada.pk]), person_data(ada, may_contact_for_feedback=False)
    )

    assert Person.objects.get(pk=ada.pk).may_contact_for_feedback is False
