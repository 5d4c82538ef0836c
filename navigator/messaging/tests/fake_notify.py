"""A stand-in for the GOV.UK Notify API on a local port, speaking its request and response
shapes (v2 notifications), checking the client's JSON Web Token as Notify does. Tests read
what it was sent and tell it to fail."""

import base64
import json
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlparse

from notifications_python_client.authentication import decode_jwt_token, get_token_issuer

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"navigator_test-{SERVICE_ID}-{SECRET}"
TYPES = {"sms": "sms", "email": "email", "letter": "letter"}


@dataclass
class FakeNotify:
    base_url: str = ""
    sent: list[dict[str, Any]] = field(default_factory=list)
    # (status, body) answers to give to the next sends, before accepting again.
    failures: list[tuple[int, dict]] = field(default_factory=list)

    def fail_next(self, status: int, message: str) -> None:
        self.failures.append(
            (status, {"status_code": status, "errors": [{"error": "Error", "message": message}]})
        )

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [notification for notification in self.sent if notification["type"] == kind]


def handler(fake: FakeNotify) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet in the test output
            pass

        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _authorised(self) -> bool:
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            try:
                if get_token_issuer(token) != SERVICE_ID:
                    raise ValueError("unknown service")
                decode_jwt_token(token, SECRET)
            except Exception:
                self._answer(
                    403,
                    {
                        "status_code": 403,
                        "errors": [{"error": "AuthError", "message": "Invalid token"}],
                    },
                )
                return False
            return True

        def do_POST(self) -> None:
            if not self._authorised():
                return
            kind = self.path.removeprefix("/v2/notifications/")
            if kind not in TYPES:
                self._answer(404, {"status_code": 404, "errors": [{"message": "Not found"}]})
                return
            request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if fake.failures:
                self._answer(*fake.failures.pop(0))
                return
            notification_id = str(uuid.uuid4())
            personalisation = request.get("personalisation", {})
            # A file sent by e-mail (prepare_upload): Notify keeps it and puts a link to it
            # in the e-mail; here its bytes are kept for the test to read.
            files = {
                name: base64.b64decode(value["file"], validate=True)
                for name, value in personalisation.items()
                if isinstance(value, dict) and "file" in value
            }
            if files and kind != "email":
                self._answer(
                    400, {"status_code": 400, "errors": [{"message": "Files by e-mail only"}]}
                )
                return
            fake.sent.append(
                {
                    "id": notification_id,
                    "type": kind,
                    "status": "created",
                    "files": files,
                    **request,
                }
            )
            content = {"body": personalisation.get("body", "")}
            if kind == "sms":
                content["from_number"] = "NAVIGATOR"
            else:
                content["subject"] = personalisation.get("subject", "")
            if kind == "email":
                content["from_email"] = "navigator@notifications.service.gov.uk"
            template = request["template_id"]
            self._answer(
                201,
                {
                    "id": notification_id,
                    "reference": request.get("reference"),
                    "content": content,
                    "uri": f"{fake.base_url}/v2/notifications/{notification_id}",
                    "template": {
                        "id": template,
                        "version": 1,
                        "uri": f"{fake.base_url}/services/{SERVICE_ID}/templates/{template}",
                    },
                },
            )

        def do_GET(self) -> None:
            if not self._authorised():
                return
            address = urlparse(self.path)
            if address.path != "/v2/notifications":
                self._answer(404, {"status_code": 404, "errors": [{"message": "Not found"}]})
                return
            reference = parse_qs(address.query).get("reference", [None])[0]
            found = [
                {
                    "id": notification["id"],
                    "reference": notification.get("reference"),
                    "type": notification["type"],
                    "status": notification["status"],
                    "phone_number": notification.get("phone_number"),
                    "email_address": notification.get("email_address"),
                }
                for notification in reversed(fake.sent)
                if reference is None or notification.get("reference") == reference
            ]
            self._answer(
                200,
                {
                    "notifications": found,
                    "links": {"current": f"{fake.base_url}/v2/notifications"},
                },
            )

    return Handler
