"""Sessions end after SESSION_COOKIE_AGE without a request (the idle timeout). Pushing the
expiry forward on every request cost every page an UPDATE of its session row, with the session
encoded and signed again; the expiry is pushed only when it would move by more than `SLACK`.
A session may so end up to `SLACK` sooner than its full idle time after the last request, never
later. (`SESSION_ENGINE` names this module; `SessionMiddleware` replaces Django's.)"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse

SLACK = timedelta(minutes=1)


class SessionStore(db.SessionStore):
    # The expiry the database holds for this session, once it has been read.
    saved_expiry: datetime | None = None

    # (Django's own hooks, which django-stubs leave out.)
    def _get_session_from_db(self) -> Session | None:
        session = super()._get_session_from_db()  # type: ignore[misc]
        self.saved_expiry = session.expire_date if session else None
        return session

    def expiry_lags(self) -> bool:
        """Whether the saved expiry is more than `SLACK` sooner than a save now would make it."""
        self._get_session()  # type: ignore[attr-defined]  # read, if this request has not yet
        return self.saved_expiry is not None and self.get_expiry_date() - self.saved_expiry > SLACK


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if (
            isinstance(session, SessionStore)
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and session.session_key
            and session.expiry_lags()
        ):
            session.modified = True  # so Django's middleware saves it, with the later expiry
        return super().process_response(request, response)
