"""A person's whole journey through Navigator, made through the services and factories, for
the subject access and destruction tests: every kind of record the registry covers."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from navigator.accounts.tasks import send_email
from navigator.activities.tests.factories import AccompanimentFactory, ActivityReferralFactory
from navigator.audit.context import Actor, acting_as
from navigator.contacts import services as contact_services
from navigator.contacts.tests.helpers import log
from navigator.feedback import services as feedback_services
from navigator.feedback.tests.helpers import ANSWERS
from navigator.outcomes.tests.helpers import ONS4_BASELINE, completed
from navigator.outreach.models import CallAttempt
from navigator.outreach.tests.factories import CohortMemberFactory
from navigator.people import services as people_services
from navigator.people.models import Person
from navigator.plans.tests.factories import AssessmentFactory, ManagerTaskFactory, make_plan
from navigator.referrals import services as referral_services
from navigator.referrals.states import State


@dataclass(frozen=True)
class Someone:
    given_name: str
    family_name: str
    nhs_number: str
    email: str
    phone: str  # as stored

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


ZEPHYRINE = Someone(
    "Zephyrine", "Quillborough", "9990001234", "zephyrine@example.org", "01134960471"
)
BARNABY = Someone("Barnaby", "Thistlewood", "9990002249", "barnaby@example.org", "01134960882")


def full_journey(organisation, link_worker, manager, someone: Someone) -> Person:
    """Referred, triaged, allocated, assessed (with a safeguarding task), a plan agreed and
    revised, contacts, an activity referral with accompaniment, outcome measures, closure,
    feedback by secure link (e-mailed) and recorded by staff, anonymously too, an outreach call
    list row and call. Free text names the person, as notes do."""
    name = someone.full_name
    with acting_as(Actor(user=link_worker)):
        person = people_services.create_person(
            organisation=organisation,
            data={
                "given_name": someone.given_name,
                "family_name": someone.family_name,
                "date_of_birth": datetime.date(1951, 4, 17),
                "nhs_number": someone.nhs_number,
                "email": someone.email,
                "phone": someone.phone,
                "address_line_1": "12 Quarry Mount",
                "postcode": "LS6 2AB",
                "may_contact_for_feedback": True,
                "communication_needs": f"{name} reads large print",
            },
        )
        people_services.add_family_member(
            person=person, data={"name": f"Ines {someone.family_name}", "relationship": "Sister"}
        )
        referral = referral_services.receive_referral(
            organisation=organisation,
            data={
                "given_name": someone.given_name,
                "family_name": someone.family_name,
                "date_of_birth": person.date_of_birth,
                "nhs_number": someone.nhs_number,
                "source_type": "primary_care",
                "referrer_name": "Dr Asha Patel",
                "reason_details": f"{name} has been lonely since moving",
            },
        )
        referral = referral_services.triage(referral=referral, person=person)
        referral = referral_services.move(referral=referral, to=State.ACCEPTED)
        referral = referral_services.allocate(referral=referral, link_worker=link_worker)
    assessment = AssessmentFactory(
        person=person, referral=referral, recorded_by=link_worker, what_matters=f"{name}: choir"
    )
    ManagerTaskFactory(assessment=assessment, details=f"{name}'s neighbour takes their money")
    make_plan(person, user=link_worker, others_took_part=f"{name}'s neighbour")
    log(referral, link_worker, what_happened=f"Rang {name} about the choir")
    completed(person, link_worker, ONS4_BASELINE)
    activity_referral = ActivityReferralFactory(
        person=person, made_by=link_worker, case=referral, note=f"{name} uses a stick"
    )
    AccompanimentFactory(
        activity_referral=activity_referral, companion=link_worker, arranged_by=link_worker
    )
    with acting_as(Actor(user=link_worker)):
        contact_services.close_case(
            referral=referral, reason="goals_met", summary=f"{name} sings every week"
        )
        feedback_services.send_request(referral=referral, occasion="closure")
        feedback_services.record_response(
            referral=referral,
            occasion="follow_up",
            data={**ANSWERS, "went_well": f"{name} liked the choir"},
        )
        feedback_services.record_response(
            referral=referral,
            occasion="follow_up",
            data={
                **ANSWERS,
                "respondent": "family_or_friend",
                "anonymous": True,
                "went_well": "Anonymous: my mother is happier",
            },
        )
    send_email.enqueue(subject="Your appointment", body=f"Dear {name}", to=[someone.email])
    member = CohortMemberFactory(
        cohort__organisation=organisation,
        given_name=someone.given_name,
        family_name=someone.family_name,
        nhs_number=someone.nhs_number,
    )
    CallAttempt.objects.create(
        organisation=organisation,
        member=member,
        at=timezone.now(),
        by=link_worker,
        outcome="no_answer",
        note=f"{name} did not answer",
    )
    return person
