"""What a probe learns from headers: cookies a script could read, and the server software."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_the_csrf_cookie_is_http_only(client) -> None:
    # Nothing reads it from JavaScript: htmx takes the token from the form's hidden field.
    response = client.get("/sign-in/")
    assert response.cookies["csrftoken"]["httponly"] is True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_does_not_name_itself(tmp_path) -> None:
    port = _free_port()
    environ = os.environ | {
        "NAVIGATOR_ALLOW_INSECURE_KEY": "1",
        "NAVIGATOR_INSECURE_HTTP": "1",
        "NAVIGATOR_VAR_DIR": str(tmp_path),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "navigator.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=tmp_path,  # not the repository: no gunicorn.conf.py is picked up by accident
        env=environ | {"PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                # A worker loads every view and renders a first PDF before it answers.
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                connection.request("GET", "/assets/navigator/navigator.css")
                response = connection.getresponse()
                break
            except ConnectionRefusedError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        assert response.status == 200
        assert response.getheader("Server") is None
    finally:
        server.terminate()
        server.wait(timeout=30)
