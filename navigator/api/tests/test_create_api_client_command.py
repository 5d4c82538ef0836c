from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from navigator.api.models import ApiClient
from navigator.links.services import digest

pytestmark = pytest.mark.django_db


def test_the_command_prints_the_id_and_secret_once(organisation):
    out = StringIO()

    call_command("create_api_client", organisation.name, "EMIS at Chapel Allerton", stdout=out)

    lines = dict(line.split(": ", 1) for line in out.getvalue().splitlines() if ": " in line)
    stored = ApiClient.objects.get()
    assert stored.client_id == lines["client_id"]
    assert stored.secret_digest == digest(lines["client_secret"])
    assert stored.scopes == ["submit-referrals", "read-status"]
    assert stored.organisation == organisation


def test_the_organisation_can_be_named_by_ods_code_and_scopes_chosen(organisation):
    call_command(
        "create_api_client",
        organisation.ods_code,
        "Reporting tool",
        "--scope",
        "read-records",
        stdout=StringIO(),
    )

    assert ApiClient.objects.get().scopes == ["read-records"]


def test_an_unknown_organisation_is_an_error(db):
    with pytest.raises(CommandError, match="No organisation"):
        call_command("create_api_client", "Nowhere Social Prescribing", "EMIS", stdout=StringIO())
