"""Closed cases and feedback links made through the services, as the tests need them."""

from django.urls import reverse

from navigator.audit.context import Actor, acting_as
from navigator.contacts import services as contact_services
from navigator.contacts.tests.helpers import allocated_through_services
from navigator.feedback import services
from navigator.people.models import Person

ANSWERS = {
    "respondent": "person",
    "fft_answer": "very_good",
    "went_well": "Meeting people at the walking group",
    "could_be_better": "Shorter wait for the first call",
}


def closed_case(organisation, worker, *, agrees: bool = True, email: str = "ada@example.org"):
    """A case closed by `worker`, whose person agreed (or not) to be asked for feedback."""
    referral = allocated_through_services(organisation, worker)
    Person.objects.filter(pk=referral.person_id).update(
        may_contact_for_feedback=agrees, email=email
    )
    referral.person.refresh_from_db()
    with acting_as(Actor(user=worker)):
        contact_services.close_case(referral=referral, reason="goals_met", summary="Walks weekly")
    return referral


def send_link(referral, worker, occasion: str = "closure") -> services.SentRequest:
    with acting_as(Actor(user=worker)):
        return services.send_request(referral=referral, occasion=occasion)


def record(referral, worker, occasion: str = "closure", **answers):
    with acting_as(Actor(user=worker)):
        return services.record_response(
            referral=referral, occasion=occasion, data={**ANSWERS, **answers}
        )


def give_url(token: str) -> str:
    return reverse("feedback:give", kwargs={"token": token})


def posted(**answers) -> dict:
    """The public form as a browser sends it: an unticked box is not sent."""
    data = {**ANSWERS, **answers}
    if data.pop("anonymous", False):
        data["anonymous"] = "on"
    return data
