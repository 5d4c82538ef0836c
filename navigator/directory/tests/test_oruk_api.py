import datetime

import pytest

from navigator.directory.tests.conformance import errors, openapi
from navigator.directory.tests.factories import (
    PostcodeFactory,
    ScheduleFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
    service_at,
)

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


def names(client, path="/oruk/services", **params) -> list[str]:
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["contents"]]


def test_services_are_paged_in_the_oruk_shape(client):
    for n in range(5):
        ServiceFactory(name=f"Group {n}")
    response = client.get("/oruk/services", {"per_page": 2, "page": 2})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == PAGE_KEYS
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"]) == (
        5,
        3,
        2,
        2,
    )
    assert not body["first_page"] and not body["last_page"] and not body["empty"]
    assert [s["name"] for s in body["contents"]] == ["Group 2", "Group 3"]
    last = client.get("/oruk/services", {"per_page": 2, "page": 3}).json()
    assert last["last_page"] and last["size"] == 1


def test_a_page_past_the_end_is_an_empty_page(client):
    ServiceFactory(name="Walking group")
    body = client.get("/oruk/services", {"page": 7}).json()
    assert body == {
        "total_items": 1,
        "total_pages": 1,
        "page_number": 7,
        "size": 0,
        "first_page": False,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


def test_search_parameter(client):
    ServiceFactory(name="Walking group")
    ServiceFactory(name="Choir")
    assert names(client, search="walking") == ["Walking group"]
    body = client.get("/oruk/services", {"search": "zzzz"}).json()
    assert body["empty"] and body["total_items"] == 0 and body["contents"] == []


def test_taxonomy_filters(client):
    activities, needs = TaxonomyFactory(name="Activities"), TaxonomyFactory(name="Needs")
    walking = TaxonomyTermFactory(taxonomy=activities, name="Walking")
    singing = TaxonomyTermFactory(taxonomy=activities, name="Singing")
    money = TaxonomyTermFactory(taxonomy=needs, name="Money")
    ServiceFactory(name="Walk").categories.add(walking)
    ServiceFactory(name="Choir").categories.add(singing, money)
    ServiceFactory(name="Debt advice").categories.add(money)
    ServiceFactory(name="Uncategorised")
    assert names(client, taxonomy_term_id=str(walking.pk)) == ["Walk"]
    assert names(client, taxonomy_term_id=str(money.pk)) == ["Choir", "Debt advice"]
    assert names(client, taxonomy_id=str(activities.pk)) == ["Choir", "Walk"]
    assert names(client, taxonomy_id=str(needs.pk), taxonomy_term_id=str(singing.pk)) == ["Choir"]
    assert client.get("/oruk/services", {"taxonomy_id": "nope"}).status_code == 400


def test_age_filters(client):
    ServiceFactory(name="Youth club", minimum_age=11, maximum_age=18)
    ServiceFactory(name="Over 50s", minimum_age=50)
    ServiceFactory(name="Everyone")
    assert names(client, minimum_age=18) == ["Over 50s"]
    assert names(client, minimum_age=11) == ["Over 50s", "Youth club"]
    assert names(client, maximum_age=18) == ["Youth club"]
    assert names(client, maximum_age=17) == []
    bad = client.get("/oruk/services", {"minimum_age": "old"})
    assert bad.status_code == 400 and "minimum_age" in bad.json()["detail"]


def test_day_and_time_filters_apply_to_one_session(client):
    morning = ServiceFactory(name="Tuesday morning walk")
    ScheduleFactory(
        service=morning, weekday=1, opens_at=datetime.time(10), closes_at=datetime.time(12)
    )
    evening = ServiceFactory(name="Friday evening choir")
    ScheduleFactory(
        service=evening, weekday=4, opens_at=datetime.time(18), closes_at=datetime.time(20)
    )
    # Tuesday early and Friday late: no single session starts after 9 and ends by 13 on Friday.
    ScheduleFactory(
        service=evening, weekday=1, opens_at=datetime.time(8), closes_at=datetime.time(9)
    )
    assert names(client, day="TU") == ["Friday evening choir", "Tuesday morning walk"]
    assert names(client, day="Friday") == ["Friday evening choir"]
    assert names(client, start_time="10:00") == ["Friday evening choir", "Tuesday morning walk"]
    assert names(client, start_time="10:30") == ["Friday evening choir"]
    assert names(client, end_time="12:00") == ["Friday evening choir", "Tuesday morning walk"]
    assert names(client, end_time="11:00") == ["Friday evening choir"]
    assert names(client, day="FR", start_time="09:00", end_time="13:00") == []
    assert names(client, day="TU", start_time="09:30") == ["Tuesday morning walk"]
    assert client.get("/oruk/services", {"day": "Someday"}).status_code == 400
    assert client.get("/oruk/services", {"start_time": "noon"}).status_code == 400


def test_one_service_and_unknown_ids(client):
    service = ServiceFactory(name="Walking group")
    response = client.get(f"/oruk/services/{service.pk}")
    assert response.json()["id"] == str(service.pk)
    missing = client.get("/oruk/services/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert missing["Access-Control-Allow-Origin"] == "*"
    assert client.get("/oruk/services/not-a-uuid").json()["detail"].startswith("No service")


def test_service_at_locations_taxonomies_and_terms(client):
    PostcodeFactory(postcode="LS6 2AB", latitude=53.82, longitude=-1.57)
    near = service_at("LS6 2AB", 53.82, -1.57, name="Near")
    far = service_at("YO1 7HH", 53.96, -1.08, name="Far")
    term = TaxonomyTermFactory(name="Walking", taxonomy=TaxonomyFactory(name="Activities"))
    near.categories.add(term)
    body = client.get("/oruk/service_at_locations").json()
    assert [item["service"]["name"] for item in body["contents"]] == ["Far", "Near"]
    assert errors(body, "/service_at_locations") == []
    within = names_of_links(client, postcode="LS6 2AB", proximity="2000")
    assert within == ["Near"]
    assert names_of_links(client, taxonomy_term_id=str(term.pk)) == ["Near"]
    link = far.service_at_locations.get()
    one = client.get(f"/oruk/service_at_locations/{link.pk}").json()
    assert one["service"]["name"] == "Far" and one["location"]["id"] == str(link.location_id)
    assert errors(one, "/service_at_locations/{id}") == []
    taxonomies = client.get("/oruk/taxonomies").json()
    assert [t["name"] for t in taxonomies["contents"]] == ["Activities"]
    taxonomy = client.get(f"/oruk/taxonomies/{term.taxonomy_id}").json()
    assert [t["name"] for t in taxonomy["taxonomy_terms"]] == ["Walking"]
    assert errors(taxonomy, "/taxonomies/{id}") == []
    terms = client.get("/oruk/taxonomy_terms").json()
    assert errors(terms, "/taxonomy_terms") == []
    one_term = client.get(f"/oruk/taxonomy_terms/{term.pk}").json()
    assert (one_term["name"], one_term["taxonomy"]) == ("Walking", "Activities")
    assert errors(one_term, "/taxonomy_terms/{id}") == []
    for path in ("taxonomies", "taxonomy_terms", "service_at_locations"):
        assert client.get(f"/oruk/{path}/{far.pk}").status_code == 404


def names_of_links(client, **params) -> list[str]:
    body = client.get("/oruk/service_at_locations", params).json()
    return [item["service"]["name"] for item in body["contents"]]


def test_the_root_points_at_an_openapi_document_of_every_profile_path_and_parameter(client):
    root = client.get("/oruk/").json()
    assert errors(root, "/") == []
    document = client.get(root["openapi_url"]).json()
    profile = openapi()
    assert set(document["paths"]) == set(profile["paths"])
    for path, item in profile["paths"].items():
        wanted = {p["$ref"] for p in item["get"].get("parameters", [])}
        operation = document["paths"][path]["get"]
        published = {p.get("$ref") for p in operation.get("parameters", [])}
        assert wanted <= published, path
        for reference in wanted:
            name = reference.rsplit("/", 1)[1]
            assert document["components"]["parameters"][name]["name"] == name


def test_read_only_public_and_cacheable(client):
    service = ServiceFactory()
    assert client.post("/oruk/services", {}).status_code == 405
    assert client.post(f"/oruk/services/{service.pk}", {}).status_code == 405
    assert client.delete(f"/oruk/services/{service.pk}").status_code == 405
    preflight = client.options("/oruk/services")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    response = client.get("/oruk/services")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    again = client.get("/oruk/services", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"


def test_the_feed_is_the_same_whoever_asks_so_caches_do_not_key_it_on_the_cookie(client):
    ServiceFactory(name="Walking group")

    response = client.get("/oruk/services")

    assert "Cookie" not in response.get("Vary", "")
    assert "public" in response["Cache-Control"]
    assert "Set-Cookie" not in response
