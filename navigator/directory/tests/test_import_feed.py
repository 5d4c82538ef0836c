"""Importing a published ORUK API by its base URL, from a live test server on 127.0.0.1 that
publishes the feed page by page; bad feeds change nothing; the worker runs long imports."""

import json
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import pytest

from navigator.core.tests.local_server import serving
from navigator.directory import feeds, services
from navigator.directory.models import ImportRun, Service

pytestmark = pytest.mark.django_db

ORG = {"id": "5d5e1a1e-2222-4c3b-8a7e-000000000101", "name": "Leeds Groups", "description": ""}
PAGE_SIZE = 2


def listing(n: int, **changes) -> dict:
    return {
        "id": f"5d5e1a1e-1111-4c3b-8a7e-{n:012d}",
        "name": f"Group number {n}",
        "status": "active",
        "organization": ORG,
        "cost_options": [{"id": f"5d5e1a1e-7777-4c3b-8a7e-{n:012d}", "amount": n}],
    } | changes


class Feed:
    """What the test server publishes: services, and paths that answer with an error."""

    def __init__(self, services_: list[dict]) -> None:
        self.services = services_
        self.broken: dict[str, tuple[int, bytes]] = {}
        self.requests: list[str] = []

    def answer(self, target: str) -> tuple[int, bytes]:
        self.requests.append(target)
        parts = urlsplit(target)
        for prefix, answer in self.broken.items():
            if target.startswith(prefix):
                return answer
        if parts.path == "/oruk/services":
            page = int(parse_qs(parts.query).get("page", ["1"])[0])
            total_pages = -(-len(self.services) // PAGE_SIZE)
            contents = self.services[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            summaries = [{k: v for k, v in s.items() if k != "cost_options"} for s in contents]
            body = {
                "total_items": len(self.services),
                "total_pages": total_pages,
                "page_number": page,
                "size": len(contents),
                "first_page": page == 1,
                "last_page": page >= total_pages,
                "empty": not contents,
                "contents": summaries,
            }
            return 200, json.dumps(body).encode()
        for service in self.services:
            if parts.path == f"/oruk/services/{service['id']}":
                return 200, json.dumps(service).encode()
        return 404, b'{"detail": "not found"}'


@pytest.fixture
def feed():
    published = Feed([listing(n) for n in range(1, 6)])

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = published.answer(self.path)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    with serving(Handler) as base_url:
        published.url = f"{base_url}/oruk"
        yield published


def test_a_published_feed_is_read_page_by_page_and_each_service_fetched(feed):
    run = services.import_feed(base_url=feed.url + "/", by=None)
    assert (run.created, run.changed, run.unchanged, run.skipped) == (5, 0, 0, 0), run.report
    assert [r for r in feed.requests if "page=" in r] == [
        "/oruk/services?page=1&per_page=200",
        "/oruk/services?page=2&per_page=200",
        "/oruk/services?page=3&per_page=200",
    ]
    assert Service.objects.get(name="Group number 4").cost_text == "£4"
    again = services.import_feed(base_url=feed.url, by=None)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 5)
    feed.services = [listing(1, name="Group number one"), *feed.services[1:4]]
    updated = services.import_feed(base_url=feed.url, by=None)
    assert (updated.created, updated.changed, updated.unchanged, updated.gone) == (0, 1, 3, 1)
    assert Service.objects.count() == 5
    assert Service.objects.get(name="Group number 5").gone_from_source is not None


@pytest.mark.parametrize(
    ("broken", "answer", "problem"),
    [
        ("/oruk/services?page=2", (500, b"oops"), "answered 500 Internal Server Error"),
        ("/oruk/services?page=2", (200, b"{not json"), "is not valid JSON"),
        ("/oruk/services/5d5e1a1e-1111-4c3b-8a7e-000000000003", (503, b""), "answered 503"),
        ("/oruk/services?page=1", (200, b'{"contents": {"a": 1}}'), "no list of “contents”"),
    ],
)
def test_a_feed_failing_part_way_changes_nothing(feed, broken, answer, problem):
    services.import_feed(base_url=feed.url, by=None)
    stamps = dict(Service.objects.values_list("pk", "updated_at"))
    feed.services = [listing(n, name=f"Renamed {n}") for n in range(1, 6)]
    feed.broken[broken] = answer
    run = services.import_feed(base_url=feed.url, by=None)
    assert problem in run.report["problem"]
    assert run.report["problem"].endswith("Nothing was imported")
    assert (run.created, run.changed, run.gone) == (0, 0, 0)
    assert dict(Service.objects.values_list("pk", "updated_at")) == stamps
    assert not Service.objects.filter(name__startswith="Renamed").exists()


def test_a_huge_page_is_refused(feed, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_RESPONSE_BYTES", 100)
    run = services.import_feed(base_url=feed.url, by=None)
    assert run.report["problem"] == (
        f"Page 1 of {feed.url}/services is larger than 0 MB. Nothing was imported"
    )
    assert not Service.objects.exists()


def test_an_address_that_is_not_a_web_address_is_refused():
    run = services.import_feed(base_url="file:///etc/passwd", by=None)
    assert run.report["problem"].startswith("The feed's address must start with https://")


# The worker reads the run from the database in its own transaction: it must be committed.
@pytest.mark.django_db(transaction=True)
def test_the_worker_imports_a_feed_and_the_report_shows_progress(
    feed, signed_in, manager, run_worker
):
    client = signed_in(manager)
    response = client.post("/directory/import/", {"feed_url": feed.url})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.status, run.feed_url) == ("queued", feed.url)
    waiting = client.get(response.url).content.decode()
    assert "Waiting for the background worker to start" in waiting
    run_worker()
    run.refresh_from_db()
    assert (run.status, run.created) == ("done", 5)
    report = client.get(response.url).content.decode()
    assert "5 created, 0 changed, 0 unchanged, 0 skipped" in report
    assert Service.objects.filter(owner=manager.organisation).count() == 5


def test_the_import_page_asks_for_a_file_or_an_address(signed_in, manager):
    response = signed_in(manager).post("/directory/import/", {})
    assert response.status_code == 200
    assert "Choose an ORUK JSON or CSV file, or enter the address of an ORUK API" in (
        response.content.decode()
    )
    assert not ImportRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_big_upload_is_imported_by_the_worker(signed_in, manager, run_worker, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from navigator.directory import views

    monkeypatch.setattr(views, "INLINE_IMPORT_BYTES", 10)
    upload = SimpleUploadedFile("feed.json", json.dumps([listing(1), listing(2)]).encode())
    response = signed_in(manager).post("/directory/import/", {"file": upload})
    run = ImportRun.objects.get()
    assert run.status == "queued" and not Service.objects.exists()
    run_worker()
    run.refresh_from_db()
    assert (run.status, run.created, run.upload) == ("done", 2, None)
    assert response.url == f"/directory/import/{run.pk}/"
