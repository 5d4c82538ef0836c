"""A stand-in for NHS MESH (the Message Exchange for Social Care and Health API, v2) on a local
port, speaking its request and response shapes for what mesh-client uses: the handshake, the
endpoint lookup of a mailbox by ODS code and workflow, sending a message to the outbox, and the
outbox tracking. It checks each request's NHSMESH authorisation token as MESH does. Tests read
what it was sent, set where a message got to and tell it to fail."""

import hmac
import json
import uuid
from dataclasses import dataclass, field
from hashlib import sha256
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlparse

MAILBOX = "X26OT001"
PASSWORD = "a-mailbox-password"
SHARED_KEY = "a-shared-key"
WORKFLOW = "SOCIAL_PRESCRIBING_REPORT"
V2 = "application/vnd.mesh.v2+json"


@dataclass
class FakeMesh:
    base_url: str = ""
    # ODS code → the mailbox that takes WORKFLOW there.
    mailboxes: dict[str, str] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)
    handshakes: int = 0
    # (status, body) answers to give to the next sends, before accepting again.
    failures: list[tuple[int, dict]] = field(default_factory=list)

    def fail_next(self, status: int, description: str) -> None:
        self.failures.append(
            (status, {"message_id": None, "internal_id": "x", "detail": [{"msg": description}]})
        )

    def track(self, message_id: str, status: str, *, success: bool | None) -> None:
        """What the recipient's side did with it: "acknowledged", "undeliverable"…"""
        for message in self.sent:
            if message["message_id"] == message_id:
                message["status"], message["status_success"] = status, success


def _authorised(authorization: str) -> bool:
    """NHSMESH <mailbox>:<nonce>:<nonce count>:<timestamp>:<HMAC-SHA256 of the same with the
    password before the timestamp, keyed by the shared key>."""
    scheme, _, token = authorization.partition(" ")
    parts = token.split(":")
    if scheme != "NHSMESH" or len(parts) != 5 or parts[0] != MAILBOX:
        return False
    mailbox, nonce, count, timestamp, given = parts
    private = f"{mailbox}:{nonce}:{count}:{PASSWORD}:{timestamp}"
    expected = hmac.new(SHARED_KEY.encode(), private.encode(), sha256).hexdigest()
    return hmac.compare_digest(expected, given)


def handler(fake: FakeMesh) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet in the test output
            pass

        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", V2)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length", 0)))

        def _refused(self) -> bool:
            if not _authorised(self.headers.get("Authorization", "")):
                self._answer(403, {"internal_id": "x", "detail": [{"msg": "Unauthorised"}]})
                return True
            if self.headers.get("Accept") != V2:
                self._answer(406, {"internal_id": "x", "detail": [{"msg": "v2 only"}]})
                return True
            return False

        def do_POST(self) -> None:
            body = self._body()
            if self._refused():
                return
            path = urlparse(self.path).path
            if path == f"/messageexchange/{MAILBOX}":
                fake.handshakes += 1
                self._answer(200, {"mailbox_id": MAILBOX})
            elif path == f"/messageexchange/{MAILBOX}/outbox":
                self._outbox(body)
            else:
                self._answer(404, {"internal_id": "x", "detail": [{"msg": "Not found"}]})

        def _outbox(self, body: bytes) -> None:
            if fake.failures:
                self._answer(*fake.failures.pop(0))
                return
            recipient = self.headers.get("Mex-To", "")
            if recipient not in fake.mailboxes.values():
                self._answer(417, {"errorDescription": "Unregistered to address"})
                return
            message_id = uuid.uuid4().hex.upper()
            fake.sent.append(
                {
                    "message_id": message_id,
                    "recipient": recipient,
                    "workflow_id": self.headers.get("Mex-WorkflowID"),
                    "local_id": self.headers.get("Mex-LocalID"),
                    "filename": self.headers.get("Mex-FileName"),
                    "subject": self.headers.get("Mex-Subject"),
                    "content_type": self.headers.get("Content-Type"),
                    "chunk_range": self.headers.get("Mex-Chunk-Range"),
                    "body": body,
                    "status": "accepted",
                    "status_success": True,
                }
            )
            self._answer(202, {"message_id": message_id})

        def do_GET(self) -> None:
            if self._refused():
                return
            address = urlparse(self.path)
            parts = address.path.strip("/").split("/")
            if parts[:2] == ["messageexchange", "endpointlookup"] and len(parts) == 4:
                ods_code, workflow = parts[2:]
                mailbox = fake.mailboxes.get(ods_code) if workflow == WORKFLOW else None
                results = [{"mailbox_id": mailbox, "mailbox_name": ods_code}] if mailbox else []
                self._answer(200, {"results": results})
            elif address.path == f"/messageexchange/{MAILBOX}/outbox/tracking":
                self._tracking(parse_qs(address.query).get("messageID", [""])[0])
            else:
                self._answer(404, {"internal_id": "x", "detail": [{"msg": "Not found"}]})

        def _tracking(self, message_id: str) -> None:
            for message in fake.sent:
                if message["message_id"] == message_id:
                    self._answer(
                        200,
                        {
                            "message_id": message_id,
                            "local_id": message["local_id"],
                            "workflow_id": message["workflow_id"],
                            "filename": message["filename"],
                            "recipient": message["recipient"],
                            "status": message["status"],
                            "status_success": message["status_success"],
                        },
                    )
                    return
            self._answer(404, {"internal_id": "x", "detail": [{"msg": "Message not found"}]})

    return Handler
