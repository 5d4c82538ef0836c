"""A listing keeps the digest of the record it was last imported from, so importing the same
record again is known to change nothing without reading the listing back; any other change to
what the listing publishes (its form, a check, what it shares with other listings) forgets
the digest, so the next import compares it in full and puts the feed's version back."""

import datetime
import json

import pytest

from navigator.directory import services
from navigator.directory.models import DirectoryOrganisation, Service
from navigator.directory.tests.test_import_oruk import ORG, WALK, do_import, feed

pytestmark = pytest.mark.django_db


def test_a_listing_changed_in_navigator_is_put_back_by_the_same_feed():
    do_import(feed())
    walk = Service.objects.get(pk=WALK)
    services.mark_checked(service=walk)
    assert Service.objects.get(pk=WALK).import_hash == ""

    again = do_import(feed())

    assert (again.changed, again.unchanged) == (1, 1)
    walk = Service.objects.get(pk=WALK)
    assert walk.last_checked == datetime.date(2026, 9, 1)
    assert walk.import_hash != ""
    assert (do_import(feed()).changed, do_import(feed()).unchanged) == (0, 2)


def test_an_organisation_changed_by_another_feed_is_put_back_by_its_own():
    do_import(feed(), name="walks.json")
    other = [
        {
            "id": "5d5e1a1e-1111-4c3b-8a7e-000000000009",
            "name": "Nordic walking",
            "organization": {
                "id": ORG,
                "name": "Leeds Walking Network",
                "website": "https://x.org",
            },
        }
    ]
    services.import_directory(content=json.dumps(other).encode(), file_name="o.json", by=None)
    assert DirectoryOrganisation.objects.get(pk=ORG).website == "https://x.org"

    again = do_import(feed(), name="walks.json")

    assert (again.changed, again.unchanged) == (1, 1)
    assert DirectoryOrganisation.objects.get(pk=ORG).website == "https://walks.example.org"
