import pytest

from navigator.directory.tests.factories import ScheduleFactory, ServiceFactory, service_at

pytestmark = pytest.mark.django_db

PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def test_services_are_paged_in_the_oruk_shape(client):
    for n in range(5):
        service = service_at("LS6 2AB", 53.82, -1.57, name=f"Group {n}")
        ScheduleFactory(service=service)
    response = client.get("/oruk/services", {"per_page": 2, "page": 2})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert set(body) == PAGE_KEYS
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"]) == (
        5,
        3,
        2,
        2,
    )
    assert not body["first_page"] and not body["last_page"] and not body["empty"]
    service = body["contents"][0]
    assert service["name"] == "Group 2"
    for key in ("id", "name", "status", "url", "organization", "service_at_locations", "schedules"):
        assert key in service
    assert service["service_at_locations"][0]["location"]["address"][0]["postal_code"] == "LS6 2AB"
    assert service["schedules"][0]["byday"] == "TU"
    last = client.get("/oruk/services", {"per_page": 2, "page": 3}).json()
    assert last["last_page"] and last["size"] == 1


def test_search_parameter_and_empty_pages(client):
    ServiceFactory(name="Walking group")
    ServiceFactory(name="Choir")
    body = client.get("/oruk/services", {"search": "walking"}).json()
    assert [s["name"] for s in body["contents"]] == ["Walking group"]
    body = client.get("/oruk/services", {"search": "zzzz"}).json()
    assert body["empty"] and body["total_items"] == 0 and body["contents"] == []


def test_one_service_and_unknown_ids(client):
    service = ServiceFactory(name="Walking group")
    response = client.get(f"/oruk/services/{service.pk}")
    assert response.json()["id"] == str(service.pk)
    assert response["Access-Control-Allow-Origin"] == "*"
    missing = client.get("/oruk/services/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert missing["Access-Control-Allow-Origin"] == "*"
    assert client.get("/oruk/services/not-a-uuid").json()["detail"].startswith("No service")


def test_read_only(client):
    service = ServiceFactory()
    assert client.post("/oruk/services", {}).status_code == 405
    assert client.post(f"/oruk/services/{service.pk}", {}).status_code == 405
    assert client.delete(f"/oruk/services/{service.pk}").status_code == 405
    assert client.options("/oruk/services")["Access-Control-Allow-Origin"] == "*"
