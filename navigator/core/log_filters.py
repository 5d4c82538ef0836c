"""Logging filters named in settings.LOGGING."""

import logging


class BriefForbidden(logging.Filter):
    """A refused request (403) is routine: Django logs it with the PermissionDenied traceback,
    which says nothing the one line "Forbidden (Permission denied): /path/" does not."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
