import json
import uuid
from decimal import Decimal

import pytest
from django.utils.html import strip_tags

from navigator.audit.context import Actor, acting_as
from navigator.audit.models import AuditEvent
from navigator.directory import services
from navigator.directory.models import DirectoryOrganisation, Location, Schedule, Service
from navigator.directory.oruk import export

pytestmark = pytest.mark.django_db

WALK = "5d5e1a1e-1111-4c3b-8a7e-000000000001"
CHOIR = "5d5e1a1e-1111-4c3b-8a7e-000000000002"
ORG = "5d5e1a1e-2222-4c3b-8a7e-000000000001"
ACCESS = "5d5e1a1e-5555-4c3b-8a7e-000000000001"
ADDRESS = "5d5e1a1e-5555-4c3b-8a7e-000000000002"


def feed(**changes) -> dict:
    walk = {
        "id": WALK,
        "name": "Woodhouse Moor walking group",
        "description": "A gentle walk round the moor",
        "url": "https://walks.example.org/",
        "email": "walks@example.org",
        "status": "active",
        "minimum_age": 18,
        "assured_date": "2026-09-01",
        "organization": {
            "id": ORG,
            "name": "Leeds Walking Network",
            "website": "https://walks.example.org",
        },
        "cost_options": [{"option": "Free", "amount": 0}],
        "schedules": [
            {
                "freq": "WEEKLY",
                "byday": "TU,TH",
                "opens_at": "10:00:00",
                "closes_at": "11:30:00",
                "description": "Every week",
            }
        ],
        "service_at_locations": [
            {
                "location": {
                    "id": "5d5e1a1e-3333-4c3b-8a7e-000000000001",
                    "name": "Moor gates",
                    "latitude": 53.812,
                    "longitude": -1.562,
                    "location_type": "physical",
                    "accessibility": [{"id": ACCESS, "description": "Flat paths"}],
                    "addresses": [
                        {
                            "id": ADDRESS,
                            "address_1": "Woodhouse Lane",
                            "city": "Leeds",
                            "state_province": "West Yorkshire",
                            "postal_code": "ls6 2ab",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                }
            }
        ],
        "attributes": [
            {
                "taxonomy_term": {
                    "id": "5d5e1a1e-4444-4c3b-8a7e-000000000001",
                    "name": "Physical activity",
                    "taxonomy": {"name": "Activities"},
                }
            }
        ],
        "contacts": [{"name": "Sam", "phones": [{"number": "0113 496 0000"}]}],
    } | changes
    choir = {
        "id": CHOIR,
        "name": "Community choir",
        "status": "active",
        "organization": {"id": ORG, "name": "Leeds Walking Network"},
        "cost_options": [{"option": "Per session", "amount": 3}],
        "schedules": [{"rrule": "FREQ=WEEKLY;BYDAY=WE", "opens_at": "19:00", "closes_at": "20:30"}],
    }
    broken = [
        {
            "id": "5d5e1a1e-1111-4c3b-8a7e-000000000010",
            "status": "active",
            "organization": {"name": "X"},
        },
        {"id": ["not", "text"], "name": "Bad id", "organization": {"name": "X"}},
        {
            "id": "5d5e1a1e-1111-4c3b-8a7e-000000000011",
            "name": "Bad postcode",
            "organization": {"name": "X"},
            "service_at_locations": [{"location": {"address": [{"postal_code": "LS99 ZZZ"}]}}],
        },
        {
            "id": "5d5e1a1e-1111-4c3b-8a7e-000000000012",
            "name": "Odd status",
            "status": "open",
            "organization": {"name": "X"},
        },
    ]
    return {
        "total_items": 6,
        "total_pages": 1,
        "page_number": 1,
        "size": 6,
        "first_page": True,
        "last_page": True,
        "empty": False,
        "contents": [walk, choir, *broken],
    }


def do_import(document, name="feed.json"):
    return services.import_directory(content=json.dumps(document).encode(), file_name=name, by=None)


def test_a_realistic_feed_is_imported_and_broken_records_are_reported():
    run = do_import(feed())
    assert (run.created, run.changed, run.unchanged, run.skipped) == (2, 0, 0, 4)
    reasons = [row["reason"] for row in run.report["rows"] if row["outcome"] == "skipped"]
    assert reasons == [
        "No name",
        "The service id is a list, not text",
        "The postcode “LS99 ZZZ” is not a real UK postcode",
        "Unknown status “open” (expected active, inactive, defunct or temporarily closed)",
    ]
    walk = Service.objects.get(pk=WALK)
    assert walk.organisation.name == "Leeds Walking Network"
    assert walk.is_free and walk.minimum_age == 18
    assert str(walk.last_checked) == "2026-09-01"
    # One HSDS schedule for Tuesday and Thursday: a row for each day, each its own day only.
    assert [(s.weekday, s.as_rrule(), s.frequency) for s in walk.schedules.all()] == [
        (1, "FREQ=WEEKLY;BYDAY=TU", "Every week"),
        (3, "FREQ=WEEKLY;BYDAY=TH", "Every week"),
    ]
    location = walk.service_at_locations.get().location
    assert (location.address_1, location.city) == ("Woodhouse Lane", "Leeds")
    assert (location.postcode, location.postcode_district) == ("LS6 2AB", "LS6")
    assert location.accessibility == "Flat paths"
    term = walk.categories.get()
    assert (term.name, term.taxonomy.name) == ("Physical activity", "Activities")
    assert walk.contacts.get().phone == "0113 496 0000"
    choir = Service.objects.get(pk=CHOIR)
    assert (choir.is_free, choir.cost_amount, choir.cost_description) == (
        False,
        Decimal("3.00"),
        "Per session",
    )
    assert choir.cost_text == "£3 Per session"
    assert choir.schedules.get().weekday == 2


def test_importing_the_same_feed_again_changes_nothing():
    do_import(feed())
    stamps = dict(Service.objects.values_list("pk", "updated_at"))
    again = do_import(feed())
    assert (again.created, again.changed, again.unchanged, again.skipped) == (0, 0, 2, 4)
    assert dict(Service.objects.values_list("pk", "updated_at")) == stamps
    assert (Schedule.objects.count(), Location.objects.count()) == (3, 1)


def test_an_updated_feed_updates_in_place():
    do_import(feed())
    again = do_import(feed(name="Woodhouse Moor walks"))
    assert (again.created, again.changed, again.unchanged, again.skipped) == (0, 1, 1, 4)
    outcomes = {row["name"]: row["outcome"] for row in again.report["rows"]}
    assert outcomes["Woodhouse Moor walks"] == "changed"
    assert outcomes["Community choir"] == "unchanged"
    assert Service.objects.count() == 2
    assert DirectoryOrganisation.objects.count() == 1
    assert Location.objects.count() == 1
    assert Schedule.objects.count() == 3
    assert Service.objects.get(pk=WALK).name == "Woodhouse Moor walks"


def test_a_plain_list_of_services_is_accepted():
    run = do_import(feed()["contents"][:2])
    assert run.created == 2


def test_a_file_that_is_not_oruk_is_reported():
    run = services.import_directory(content=b"{nope", file_name="feed.json", by=None)
    assert run.report["problem"].startswith("The file is not valid JSON")
    run = do_import({"hello": "world"})
    assert "not ORUK JSON" in run.report["problem"]


def test_provider_imports_only_their_organisations_listings(signed_in, user_with_role):
    from navigator.accounts.permissions import Role

    provider = user_with_role(Role.VCS_PROVIDER)
    DirectoryOrganisation.objects.create(id=ORG, name="Leeds Walking Network").provider_users.add(
        provider
    )
    document = feed()
    document["contents"].append(
        {
            "id": "5d5e1a1e-1111-4c3b-8a7e-000000000099",
            "name": "Not theirs",
            "organization": {"id": "5d5e1a1e-2222-4c3b-8a7e-000000000099", "name": "Other"},
        }
    )
    client = signed_in(provider)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("feed.json", json.dumps(document).encode())
    response = client.post("/directory/import/", {"file": upload})
    assert response.status_code == 302
    report = client.get(response.url)
    assert report.status_code == 200
    assert "Not a listing of an organisation you keep up to date" in report.content.decode()
    assert not Service.objects.filter(name="Not theirs").exists()
    assert Service.objects.filter(pk=WALK).exists()


def test_a_listing_gone_from_the_feed_is_flagged_not_deleted():
    do_import(feed())
    shorter = feed()
    shorter["contents"] = [item for item in shorter["contents"] if item["id"] != CHOIR]
    run = do_import(shorter)
    assert run.gone == 1
    gone = [row for row in run.report["rows"] if row["outcome"] == "gone"]
    assert [(row["name"], row["reason"]) for row in gone] == [
        ("Community choir", "No longer in the feed: flagged for checking, not deleted")
    ]
    choir = Service.objects.get(pk=CHOIR)
    assert choir.gone_from_source is not None
    assert Service.objects.get(pk=WALK).gone_from_source is None
    # Back in the feed: no longer flagged.
    do_import(feed())
    choir.refresh_from_db()
    assert choir.gone_from_source is None


def test_every_problem_of_a_record_is_reported_and_what_cannot_be_held_is_named():
    document = [
        {
            "id": "5d5e1a1e-1111-4c3b-8a7e-000000000020",
            "status": "open",
            "minimum_age": "old",
            "organization": {"name": "X"},
        },
        {
            "id": "5d5e1a1e-1111-4c3b-8a7e-000000000021",
            "name": "Welsh conversation",
            "organization": {"name": "X"},
            "languages": [{"id": "5d5e1a1e-6666-4c3b-8a7e-000000000001", "name": "Welsh"}],
            "service_areas": [{"id": "5d5e1a1e-6666-4c3b-8a7e-000000000002", "name": "Leeds"}],
            "funding": [{"id": "5d5e1a1e-6666-4c3b-8a7e-000000000003", "source": "Council"}],
        },
    ]
    run = do_import(document)
    first, second = run.report["rows"]
    assert first["outcome"] == "skipped"
    assert first["reason"] == (
        "No name; Unknown status “open” (expected active, inactive, defunct or temporarily "
        "closed); The age “old” is not a whole number"
    )
    assert second["outcome"] == "created"
    assert second["reason"] == "Not kept (Navigator has no place for it): funding"


def test_languages_service_areas_eligibility_and_contacts_are_kept(signed_in, manager):
    document = [
        {
            "id": "5d5e1a1e-1111-4c3b-8a7e-000000000030",
            "name": "Cymraeg chat",
            "organization": {"name": "Menter Leeds"},
            "eligibility_description": "Adults learning Welsh",
            "languages": [
                {
                    "id": "5d5e1a1e-6666-4c3b-8a7e-000000000011",
                    "name": "Welsh",
                    "code": "cy",
                    "note": "Beginners welcome",
                }
            ],
            "service_areas": [
                {
                    "id": "5d5e1a1e-6666-4c3b-8a7e-000000000012",
                    "name": "Leeds",
                    "extent_type": "geojson",
                    "extent": '{"type": "Point", "coordinates": [-1.55, 53.8]}',
                    "uri": "http://statistics.data.gov.uk/id/statistical-geography/E08000035",
                }
            ],
            "contacts": [
                {
                    "id": "5d5e1a1e-6666-4c3b-8a7e-000000000013",
                    "name": "Ffion",
                    "phones": [
                        {"id": "5d5e1a1e-6666-4c3b-8a7e-000000000014", "number": "0113 496 0001"},
                        {"id": "5d5e1a1e-6666-4c3b-8a7e-000000000015", "number": "0113 496 0002"},
                    ],
                }
            ],
        },
        {
            "id": "5d5e1a1e-1111-4c3b-8a7e-000000000031",
            "name": "Old style",
            "organization": {"name": "Menter Leeds", "phones": [{"number": "0113 496 0003"}]},
            "languages": ["Polish", "English"],
        },
    ]
    run = do_import(document)
    assert [row["reason"] for row in run.report["rows"]] == ["", ""]
    chat = Service.objects.get(pk="5d5e1a1e-1111-4c3b-8a7e-000000000030")
    assert chat.eligibility_description == "Adults learning Welsh"
    assert list(chat.languages.values_list("name", "code", "note")) == [
        ("Welsh", "cy", "Beginners welcome")
    ]
    area = chat.service_areas.get()
    assert (area.name, area.extent_type, area.uri) == (
        "Leeds",
        "geojson",
        "http://statistics.data.gov.uk/id/statistical-geography/E08000035",
    )
    assert sorted(chat.contacts.values_list("name", "phone")) == [
        ("Ffion", "0113 496 0001"),
        ("Ffion", "0113 496 0002"),
    ]
    old = Service.objects.get(pk="5d5e1a1e-1111-4c3b-8a7e-000000000031")
    assert list(old.languages.values_list("name", flat=True)) == ["English", "Polish"]
    assert list(old.organisation.contacts.values_list("phone", flat=True)) == ["0113 496 0003"]
    again = do_import(document)
    assert (again.changed, again.unchanged) == (0, 2)

    page = signed_in(manager).get(f"/directory/services/{chat.pk}/").content.decode()
    text = " ".join(strip_tags(page).split())
    assert "Who it is for Adults learning Welsh" in text
    assert "Languages Welsh" in text
    assert "Areas served Leeds" in text
    assert "Ffion, 0113 496 0001" in text


def test_each_imported_listing_is_audited_in_the_importers_trail(manager):
    with acting_as(Actor(user=manager, label="")):
        services.import_directory(
            content=json.dumps(feed()).encode(), file_name="feed.json", by=manager
        )

    events = AuditEvent.objects.filter(action=AuditEvent.Action.CREATED).order_by("object_label")
    assert [(e.object_label, e.organisation_id) for e in events] == [
        ("Community choir", manager.organisation_id),
        ("Woodhouse Moor walking group", manager.organisation_id),
    ]
    walk = events[1].changes
    assert walk["categories"] == [None, ["Physical activity"]]
    assert walk["schedules"] == [
        None,
        ["Tuesdays 10:00 to 11:30 (Every week)", "Thursdays 10:00 to 11:30 (Every week)"],
    ]
    assert walk["location city"] == [None, "Leeds"]
    assert walk["organisation"] == [None, "Leeds Walking Network"]


def test_a_reimport_reads_the_listings_it_compares_a_chunk_at_a_time(
    django_assert_max_num_queries,
):
    document = [
        {
            "id": f"5d5e1a1e-7777-4c3b-8a7e-{n:012d}",
            "name": f"Group {n}",
            "organization": {"name": "Org"},
        }
        for n in range(60)
    ]
    do_import(document)

    with django_assert_max_num_queries(16):
        run = do_import(document)

    assert run.unchanged == 60


PHONED = {
    "id": "5d5e1a1e-1111-4c3b-8a7e-000000000040",
    "name": "Carers' line",
    "organization": {
        "id": "5d5e1a1e-2222-4c3b-8a7e-000000000040",
        "name": "Carers Leeds",
        "description": "",
        "contacts": [
            {
                "id": "5d5e1a1e-8888-4c3b-8a7e-000000000001",
                "name": "Reception",
                "email": "hello@carers.example.org",
                "phones": [{"number": "0113 496 0100", "type": "voice"}],
            }
        ],
    },
    "contacts": [
        {
            "id": "5d5e1a1e-8888-4c3b-8a7e-000000000002",
            "name": "Advice line",
            "phones": [
                {
                    "number": "0113 496 0101",
                    "extension": 204,
                    "type": "voice",
                    "languages": [{"name": "Urdu", "code": "ur", "note": "Tuesdays"}],
                }
            ],
        }
    ],
    "service_at_locations": [
        {
            "id": "5d5e1a1e-8888-4c3b-8a7e-000000000003",
            "location": {
                "id": "5d5e1a1e-8888-4c3b-8a7e-000000000004",
                "location_type": "physical",
                "name": "Carers' centre",
                "phones": [{"number": "0113 496 0102", "type": "textphone", "description": "Desk"}],
            },
            "contacts": [{"name": "Only here"}],
        }
    ],
}


def test_phone_details_and_organisation_and_location_contacts_are_kept():
    run = do_import([PHONED])

    assert run.report["rows"][0]["reason"] == (
        "Not kept (Navigator has no place for it): contacts and phones of a service at a location"
    )
    service = Service.objects.get(pk=PHONED["id"])
    line = service.contacts.get()
    assert (line.name, line.phone, line.phone_extension, line.phone_type) == (
        "Advice line",
        "0113 496 0101",
        204,
        "voice",
    )
    assert line.phone_languages == [{"name": "Urdu", "code": "ur", "note": "Tuesdays"}]
    reception = service.organisation.contacts.get()
    assert (reception.name, reception.email, reception.phone, reception.phone_type) == (
        "Reception",
        "hello@carers.example.org",
        "0113 496 0100",
        "voice",
    )
    desk = Location.objects.get(pk="5d5e1a1e-8888-4c3b-8a7e-000000000004").contacts.get()
    assert (desk.name, desk.phone, desk.phone_type) == ("Desk", "0113 496 0102", "textphone")


def test_phone_details_and_held_contacts_are_published():
    do_import([PHONED])

    published = export.service_to_oruk(export.services_for_export().get(pk=PHONED["id"]))

    contact = published["contacts"][0]
    assert contact["phones"][0] == {
        "id": export.derived_id(uuid.UUID(contact["id"]), "phone"),
        "number": "0113 496 0101",
        "extension": 204,
        "type": "voice",
        "languages": [
            {
                "id": export.derived_id(uuid.UUID(contact["id"]), "phone language 0"),
                "name": "Urdu",
                "code": "ur",
                "note": "Tuesdays",
            }
        ],
    }
    assert [
        (c["organization_id"], c["name"], c["phones"][0]["number"])
        for c in published["organization"]["contacts"]
    ] == [("5d5e1a1e-2222-4c3b-8a7e-000000000040", "Reception", "0113 496 0100")]
    location = published["service_at_locations"][0]["location"]
    assert [
        (c["location_id"], c["name"], c["phones"][0]["type"]) for c in location["contacts"]
    ] == [("5d5e1a1e-8888-4c3b-8a7e-000000000004", "Desk", "textphone")]
    assert do_import([published]).unchanged == 1


def test_an_extension_that_is_not_a_number_is_reported():
    bad = PHONED | {"contacts": [{"name": "Line", "phones": [{"number": "1", "extension": "x2"}]}]}

    run = do_import([bad])

    assert run.report["rows"][0]["reason"] == "The phone extension “x2” is not a whole number"
    assert not Service.objects.exists()


def test_the_listing_page_shows_every_contact_with_its_phone_details(signed_in, manager):
    do_import([PHONED])

    page = signed_in(manager).get(f"/directory/services/{PHONED['id']}/").content.decode()

    text = " ".join(strip_tags(page).split())
    assert "Advice line, 0113 496 0101 ext. 204 (voice; Urdu)" in text
    assert "Carers Leeds Reception, 0113 496 0100 (voice), hello@carers.example.org" in text
    assert "Carers&#39; centre Desk, 0113 496 0102 (textphone)" in text
