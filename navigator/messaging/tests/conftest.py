import pytest

from navigator.messaging.tests import fake_notify

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
    fake, server = fake_notify.start()
    settings.NOTIFY_API_KEY = fake_notify.API_KEY
    settings.NOTIFY_BASE_URL = fake.base_url
    settings.NOTIFY_TEMPLATE_IDS = TEMPLATES
    settings.NOTIFY_CALLBACK_TOKEN = CALLBACK_TOKEN
    yield fake
    server.shutdown()
    server.server_close()
