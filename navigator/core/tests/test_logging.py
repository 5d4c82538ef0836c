"""A refused request is logged once, in one line, without a traceback."""

import logging

from django.urls import reverse

from navigator.accounts.permissions import Role


def _handlers_reached(logger: logging.Logger) -> list[logging.Handler]:
    """The handlers a record logged on `logger` goes to, through the loggers above it."""
    handlers: list[logging.Handler] = []
    current: logging.Logger | None = logger
    while current is not None:
        handlers.extend(current.handlers)
        current = current.parent if current.propagate else None
    return handlers


def test_a_403_is_logged_once_and_briefly(signed_in, user_with_role, caplog):
    volunteer = user_with_role(Role.VOLUNTEER)

    with caplog.at_level(logging.INFO, logger="django.request"):
        response = signed_in(volunteer).get(reverse("accounts:user_list"))

    assert response.status_code == 403
    records = [record for record in caplog.records if record.name == "django.request"]
    assert [(record.levelname, record.getMessage()) for record in records] == [
        ("WARNING", "Forbidden (Permission denied): /users/")
    ]
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text
    # Written by one handler only (pytest's capture handler aside).
    written_by = [
        handler
        for handler in _handlers_reached(logging.getLogger("django.request"))
        if type(handler).__module__ != "_pytest.logging"
    ]
    assert len(written_by) == 1
