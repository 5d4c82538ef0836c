import json

import pytest

from navigator.directory import services
from navigator.directory.demo import load_demo_directory
from navigator.directory.models import Service
from navigator.directory.oruk.csv_layout import CSV_COLUMNS, service_to_csv_row
from navigator.directory.oruk.export import services_for_export

pytestmark = pytest.mark.django_db


def test_export_then_import_of_csv_changes_nothing(signed_in, manager):
    load_demo_directory(seed=3)
    add_languages_areas_eligibility_and_contacts()
    Service.objects.update(owner=manager.organisation)
    before = {s.pk: service_to_csv_row(s) for s in services_for_export()}
    response = signed_in(manager).get("/directory/export/directory.csv")
    assert response["Content-Type"] == "text/csv"
    content = response.content
    assert content.decode().splitlines()[0] == ",".join(CSV_COLUMNS)
    run = services.import_directory(content=content, file_name="directory.csv", by=manager)
    assert (run.created, run.changed, run.unchanged, run.skipped) == (0, 0, len(before), 0)
    after = {s.pk: service_to_csv_row(s) for s in services_for_export()}

    assert after == before


def test_csv_rows_with_problems_are_skipped_with_reasons():
    content = (
        b"name,organisation_name,status,postcode,schedules\n"
        b"Chess club,Leeds Chess,active,LS1 4AP,Monday 18:00-20:00 every week\n"
        b",Leeds Chess,active,,\n"
        b"Bridge,Leeds Chess,sometimes,,\n"
        b"Darts,Leeds Chess,active,NOT A POSTCODE,\n"
        b"Bingo,Leeds Chess,active,,Someday 10:00\n"
    )
    run = services.import_directory(content=content, file_name="groups.csv", by=None)
    assert (run.created, run.skipped) == (1, 4)
    assert [row["record"] for row in run.report["rows"]] == [
        "Row 2",
        "Row 3",
        "Row 4",
        "Row 5",
        "Row 6",
    ]
    chess = Service.objects.get(name="Chess club")
    assert str(chess.schedules.get()) == "Mondays 18:00 to 20:00 (every week)"


def test_json_export_imports_back_unchanged(signed_in, manager):
    load_demo_directory(seed=3)
    Service.objects.update(owner=manager.organisation)
    response = signed_in(manager).get("/directory/export/directory.json")
    run = services.import_directory(content=response.content, file_name="d.json", by=manager)
    assert (run.created, run.changed, run.skipped) == (0, 0, 0)
    assert run.unchanged == Service.objects.count()


def test_demo_directory_is_idempotent():
    load_demo_directory(seed=3)
    count = Service.objects.count()
    load_demo_directory(seed=3)
    assert Service.objects.count() == count >= 24


def test_formulas_are_neutralised_in_the_export_and_restored_on_import(signed_in, manager):
    from navigator.directory.tests.factories import ServiceFactory

    service = ServiceFactory(name='=HYPERLINK("http://evil")', description="-5 degrees")
    content = signed_in(manager).get("/directory/export/directory.csv").content.decode()
    assert "'=HYPERLINK" in content and "'-5 degrees" in content
    services.import_directory(content=content.encode(), file_name="d.csv", by=manager)
    service.refresh_from_db()
    assert service.name == '=HYPERLINK("http://evil")'
    assert service.description == "-5 degrees"


def add_languages_areas_eligibility_and_contacts() -> None:
    from navigator.directory.models import (
        Contact,
        Language,
        Location,
        ServiceArea,
        ServiceAtLocation,
    )
    from navigator.directory.tests.factories import ServiceFactory

    service = ServiceFactory(
        name="Zzyzx Welsh circle", eligibility_description="Adults learning Welsh"
    )
    Language.objects.create(service=service, name="Welsh", code="cy", note="All levels")
    Language.objects.create(service=service, name="English", code="en")
    ServiceArea.objects.create(
        service=service,
        name="Leeds",
        uri="http://statistics.data.gov.uk/id/statistical-geography/E08000035",
    )
    ServiceArea.objects.create(service=service, name="Wakefield", description="East of the M1")
    Contact.objects.create(
        service=service,
        name="Ffion",
        phone="0113 496 0001",
        phone_extension=12,
        phone_type="voice",
        phone_languages=[{"name": "Welsh", "code": "cy"}],
    )
    Contact.objects.create(
        organisation=service.organisation, name="Office", email="office@example.org"
    )
    venue = Location.objects.create(
        name="Chapel hall", postcode="LS6 2AB", latitude=53.8, longitude=-1.55
    )
    ServiceAtLocation.objects.create(service=service, location=venue)
    Contact.objects.create(location=venue, name="Caretaker", phone="0113 496 0009")


def test_oruk_export_imports_into_an_empty_directory_and_exports_the_same(signed_in, manager):
    from navigator.directory.models import DirectoryOrganisation, Location, Taxonomy

    load_demo_directory(seed=3)
    add_languages_areas_eligibility_and_contacts()
    client = signed_in(manager)
    before = json.loads(client.get("/directory/export/directory.json").content)
    described = [service for service in before if service["name"] == "Zzyzx Welsh circle"]
    assert described[0]["eligibility_description"] == "Adults learning Welsh"
    assert [language["code"] for language in described[0]["languages"]] == ["en", "cy"]
    assert [area["name"] for area in described[0]["service_areas"]] == ["Leeds", "Wakefield"]
    assert described[0]["contacts"][0]["phones"][0]["extension"] == 12
    assert [c["name"] for c in described[0]["organization"]["contacts"]] == ["Office"]
    located = [link["location"] for link in described[0]["service_at_locations"]]
    assert [c["name"] for place in located for c in place.get("contacts", [])] == ["Caretaker"]
    Service.objects.all().delete()
    Location.objects.all().delete()
    DirectoryOrganisation.objects.all().delete()
    Taxonomy.objects.all().delete()
    run = services.import_directory(
        content=json.dumps(before).encode(), file_name="d.json", by=manager
    )
    assert (run.created, run.skipped) == (len(before), 0)
    after = json.loads(client.get("/directory/export/directory.json").content)

    assert after == before


def test_a_changed_csv_row_keeps_its_contacts_phone_extension_type_and_languages(
    signed_in, manager
):
    from navigator.directory.models import Contact

    add_languages_areas_eligibility_and_contacts()
    Service.objects.update(owner=manager.organisation)
    content = signed_in(manager).get("/directory/export/directory.csv").content.decode()
    header, row = content.splitlines()[:2]
    assert "contact_phone_extension,contact_phone_type,contact_phone_languages" in header
    assert ",12,voice,Welsh," in row
    changed = content.replace("Adults learning Welsh", "Adults learning or speaking Welsh")

    run = services.import_directory(content=changed.encode(), file_name="d.csv", by=manager)

    assert (run.changed, run.unchanged) == (1, 0)
    contact = Contact.objects.get(service__name="Zzyzx Welsh circle")
    assert (contact.name, contact.phone, contact.phone_extension, contact.phone_type) == (
        "Ffion",
        "0113 496 0001",
        12,
        "voice",
    )
    assert contact.phone_languages == [{"name": "Welsh"}]


def test_a_csv_phone_extension_must_be_a_whole_number():
    content = (
        b"name,organisation_name,contact_phone,contact_phone_extension\n"
        b"Chess club,Leeds Chess,0113 496 0000,twelve\n"
    )

    run = services.import_directory(content=content, file_name="groups.csv", by=None)

    assert (run.created, run.skipped) == (0, 1)
    assert run.report["rows"][0]["reason"] == "The phone extension “twelve” is not a whole number"
    assert not Service.objects.exists()
