import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings")
application = get_wsgi_application()


def _gunicorn_without_server_header() -> None:
    """gunicorn names itself in a `Server` header on every response and has no setting to stop
    it; a probe need not be told which server (and so which weaknesses) to try."""
    from gunicorn.http.wsgi import Response

    default_headers = Response.default_headers
    Response.default_headers = lambda response: [
        header for header in default_headers(response) if not header.startswith("Server:")
    ]


# Loaded by each gunicorn worker (or its master, with --preload) before it answers anything.
if "gunicorn" in sys.modules:
    _gunicorn_without_server_header()
