import pytest

from navigator.audit.context import Actor, acting_as
from navigator.contacts import services as contact_services
from navigator.contacts.tests.helpers import allocated_through_services
from navigator.core.tests.local_server import serving
from navigator.messaging.tests import fake_mesh, fake_notify
from navigator.people.models import Person
from navigator.people.tests.factories import GPPracticeFactory
from navigator.referrals.models import Referral

CALLBACK_TOKEN = "a-long-callback-token-from-notify"
TEMPLATES = {
    "sms": "b3c1a1a0-0000-4000-8000-000000000001",
    "email": "b3c1a1a0-0000-4000-8000-000000000002",
    "letter": "b3c1a1a0-0000-4000-8000-000000000003",
}


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def notify(settings):
    """A fake GOV.UK Notify, and Navigator configured to send through it."""
    fake = fake_notify.FakeNotify()
    with serving(fake_notify.handler(fake)) as fake.base_url:
        settings.NOTIFY_API_KEY = fake_notify.API_KEY
        settings.NOTIFY_BASE_URL = fake.base_url
        settings.NOTIFY_TEMPLATE_IDS = TEMPLATES
        settings.NOTIFY_CALLBACK_TOKEN = CALLBACK_TOKEN
        yield fake


@pytest.fixture
def mesh(settings):
    """A fake NHS MESH, and Navigator configured to send the message back to the GP through it."""
    fake = fake_mesh.FakeMesh()
    with serving(fake_mesh.handler(fake)) as fake.base_url:
        settings.MESH_URL = fake.base_url
        settings.MESH_MAILBOX = fake_mesh.MAILBOX
        settings.MESH_PASSWORD = fake_mesh.PASSWORD
        settings.MESH_SHARED_KEY = fake_mesh.SHARED_KEY
        settings.MESH_WORKFLOW_ID = fake_mesh.WORKFLOW
        yield fake


@pytest.fixture
def closed_case(organisation, link_worker):
    """A closed case whose person is registered at a practice with a secure inbox, referred by
    a GP whose own address is known."""
    case = allocated_through_services(organisation, link_worker)
    practice = GPPracticeFactory(
        ods_code="B86001", name="Chapel Allerton Medical Centre", email="chapel.allerton@nhs.net"
    )
    Person.objects.filter(pk=case.person_id).update(gp_practice=practice)
    Referral.objects.filter(pk=case.pk).update(
        referrer_email="asha.patel@nhs.net", referrer_organisation="Chapel Allerton"
    )
    case.refresh_from_db()
    with acting_as(Actor(user=link_worker)):
        contact_services.close_case(referral=case, reason="goals_met", summary="Walking weekly")
    return case
