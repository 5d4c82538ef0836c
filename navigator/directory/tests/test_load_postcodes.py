import pytest
from django.core.management import call_command

from navigator.directory.models import Postcode

pytestmark = pytest.mark.django_db


def test_loads_ons_rows_updates_existing_and_skips_rows_without_coordinates(tmp_path, capsys):
    Postcode.objects.create(postcode="LS6 2AB", latitude=0, longitude=0)
    path = tmp_path / "onspd.csv"
    path.write_text(
        "pcd,pcds,doterm,lat,long\n"
        "LS6  2AB,LS6 2AB,,53.82,-1.576\n"
        "LS1  4AP,LS1 4AP,,53.7997,-1.5492\n"
        "ZZ99 9ZZ,ZZ99 9ZZ,,99.999999,0.000000\n"
        "LS2  8BH,LS2 8BH,,,\n"
    )
    call_command("load_postcodes", str(path))
    assert "1 postcodes added, 1 updated, 2 rows skipped" in capsys.readouterr().out
    assert Postcode.objects.get(postcode="LS6 2AB").latitude == 53.82
    assert Postcode.objects.count() == 2


def test_import_directory_command_prints_the_report(tmp_path, capsys):
    path = tmp_path / "groups.csv"
    path.write_text("name,organisation_name\nChess club,Leeds Chess\n,Leeds Chess\n")
    call_command("import_directory", str(path))
    out = capsys.readouterr().out
    assert "Row 3 (no name): No name" in out
    assert "1 created, 0 changed, 0 unchanged, 1 skipped" in out
