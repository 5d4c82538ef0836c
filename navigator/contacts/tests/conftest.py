import signal

import pytest
from django.core.management import call_command


@pytest.fixture
def run_worker(settings):
    """Run `navigator db_worker --batch` on the database backend: it does the queued tasks,
    then stops."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}

    def run() -> None:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    yield run
    for number, handler in saved.items():
        signal.signal(number, handler)
