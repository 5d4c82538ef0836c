import pytest

from navigator.reports.selectors import tallies


@pytest.fixture(autouse=True)
def rollups_counted_before_each_read(monkeypatch):
    """Tests build their data with factories, which write no audit events: every report
    counts its organisations' rollups again from nothing before it reads them, so the
    known answers are the rollups' answers."""
    monkeypatch.setattr(tallies, "refresh", tallies.rebuild)
