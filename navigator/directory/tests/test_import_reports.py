"""An import report (file name, who uploaded it, each row's outcome) is read only inside the
uploader's organisation."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.directory import services

pytestmark = pytest.mark.django_db


def test_another_organisations_import_is_neither_listed_nor_found(
    signed_in, manager, other_organisation
):
    mine = services.import_directory(content=b"[]", file_name="ours.json", by=manager)
    importer = UserFactory(organisation=other_organisation, role=Role.MANAGER)
    theirs = services.import_directory(
        content=b"[]", file_name="calder-secret-feed.json", by=importer
    )
    client = signed_in(manager)
    page = client.get(reverse("directory:import")).content.decode()
    assert "ours.json" in page and "calder-secret-feed.json" not in page
    assert client.get(reverse("directory:import_report", args=[mine.pk])).status_code == 200
    response = client.get(reverse("directory:import_report", args=[theirs.pk]))
    assert response.status_code == 404
    assert "calder-secret-feed.json" not in response.content.decode()
