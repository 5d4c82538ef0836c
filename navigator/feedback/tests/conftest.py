# The daily job is tested through the real worker, as the contacts app tests its reminders.
from navigator.contacts.tests.conftest import run_worker  # noqa: F401
