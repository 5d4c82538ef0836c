"""People and messages the messaging tests need."""

import datetime
import re

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.context import Actor, acting_as
from navigator.contacts.tests.helpers import open_case
from navigator.links.models import Purpose
from navigator.links.services import issue_link
from navigator.messaging.models import Kind, Message
from navigator.messaging.services import send_link_to_person
from navigator.people.models import ContactMethod
from navigator.people.tests.factories import PersonFactory

MOBILE = "+447912345678"


def texter(organisation, **overrides):
    values = {
        "organisation": organisation,
        "preferred_contact_method": ContactMethod.TEXT,
        "phone": MOBILE,
        **overrides,
    }
    return PersonFactory(**values)


def send_feedback_link(case, worker) -> Message | None:
    """A feedback link to the case's person (its wording is the simplest)."""
    with acting_as(Actor(user=worker)):
        _issued, message = send_link_to_person(
            person=case.person,
            kind=Kind.FEEDBACK,
            page="feedback:give",
            email_subject_template="feedback/email/request_subject.txt",
            email_body_template="feedback/email/request.txt",
            context={"service": case.organisation.name},
            purpose=Purpose.FEEDBACK,
            target=case,
            valid_for=datetime.timedelta(days=30),
            referral=case,
            agreed=True,
        )
    return message


def texted_case(organisation, worker, **person):
    return open_case(organisation, worker, state="active", person=texter(organisation, **person))


def short_link(organisation) -> str:
    """The token of a live short link, as a text carries it, to a case's feedback page."""
    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    case = open_case(organisation, worker, state="active")
    with acting_as(Actor(user=worker)):
        issued = issue_link(
            purpose=Purpose.FEEDBACK,
            target=case,
            valid_for=datetime.timedelta(days=30),
            short=True,
        )
    return issued.token


def hidden_version(html: str) -> str:
    """The version of the wording an edit page was built from (core/concurrency.py)."""
    return re.search(r'name="version" value="(\d+)"', html).group(1)
