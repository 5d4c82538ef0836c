import os
import sys
from importlib import import_module

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings")
application = get_wsgi_application()
# The URLconf and every view load now, and WeasyPrint renders once, so no one's first
# request pays for them.
get_resolver().url_patterns  # noqa: B018
import_module("navigator.core.pdf").warm_up()


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
