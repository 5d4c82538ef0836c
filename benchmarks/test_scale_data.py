"""The benchmarks' data generator makes what it says, at a tiny scale, so it does not rot."""

import pytest
from django.db import connection
from django.db.models import F
from django_scopes import scopes_disabled

from benchmarks import scale
from navigator.activities.models import ActivityReferral
from navigator.directory.selectors import locate, search_services
from navigator.referrals.models import Referral
from navigator.referrals.states import State
from navigator.reports.selectors import SECTIONS, Filters, Report

pytestmark = pytest.mark.django_db

SERVICES = 50
REFERRALS = 200


@pytest.fixture
def data():
    return scale.build(services=SERVICES, referrals=REFERRALS)


def _keys_and_indexes() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        return {
            (table, name)
            for table in connection.introspection.table_names(cursor)
            for name in connection.introspection.get_constraints(cursor, table)
        }


def test_it_leaves_every_foreign_key_and_index_it_dropped_while_loading():
    before = _keys_and_indexes()
    scale.build(services=SERVICES, referrals=REFERRALS)
    assert _keys_and_indexes() == before


def test_it_makes_the_directory_and_the_referrals_it_says(data):
    counts = data.counts
    assert counts["directory.Service"] == SERVICES
    assert counts["directory.Location"] == SERVICES
    assert counts["directory.Schedule"] == SERVICES * 3 // 2
    assert counts["referrals.Referral"] == REFERRALS
    assert counts["people.Person"] == REFERRALS // scale.REFERRALS_PER_PERSON
    for label in (
        "referrals.Referral_reasons",
        "contacts.Contact",
        "referrals.CodedEvent",
        "contacts.Closure",
        "plans.SupportPlan",
        "activities.ActivityReferral",
        "outcomes.Administration",
        "outcomes.Score",
        "feedback.FeedbackResponse",
    ):
        assert counts[label] > 0, label
    assert counts["referrals.Referral_reasons"] > REFERRALS  # a third give two reasons
    assert counts["outcomes.Score"] == counts["outcomes.Administration"] * len(scale.MEASURES)


def test_every_state_is_present_with_the_moments_reports_read(data):
    with scopes_disabled():
        referrals = Referral.objects.all()
        assert set(referrals.values_list("state", flat=True)) == set(State.values)
        assert referrals.filter(received_at__date__range=(data.start, data.end)).count() == (
            REFERRALS
        )
        assert not referrals.filter(state=State.CLOSED, closed_at__isnull=True).exists()
        assert not referrals.filter(state=State.WAITING, waiting_since__isnull=True).exists()
        assert not referrals.filter(state=State.ACTIVE, assessed_at__isnull=True).exists()
        assert not referrals.filter(first_contact_at__lt=F("received_at")).exists()


def test_search_finds_generated_services(data):
    walking = search_services(words="walking")
    assert walking.exists()
    assert all("walking" in f"{s.name} {s.description} {s.keywords}" for s in walking[:20])
    assert search_services(words="walking", category=data.category_id).exists()
    home = locate(scale.HOME_POSTCODE)
    assert search_services(words="choir", place=home, within_miles=10).exists()


def test_every_report_section_has_figures_with_numbers(data):
    report = Report(
        organisation_ids=[data.organisation_id],
        filters=Filters(start=data.start, end=data.end),
        commissioned=False,
    )
    for section in SECTIONS.values():
        figures = report.figures(section)
        assert any(row.values for figure in figures for row in figure.rows), section.slug


def test_each_service_takes_referrals_from_gp_practices_of_its_own(data):
    with scopes_disabled():
        # (The partner service's referrals were sent on by the others, from their practices.)
        named = set(
            Referral.objects.exclude(gp_practice=None)
            .exclude(organisation=data.partner_id)
            .values_list("organisation", "gp_practice")
        )
    practices_of: dict[int, set[int]] = {}
    for organisation, practice in named:
        practices_of.setdefault(organisation, set()).add(practice)
    assert len(practices_of) > 1
    for organisation, practices in practices_of.items():
        most = scale.LARGE_PRACTICES if organisation == data.organisation_id else 5
        assert 1 < len(practices) <= most
    every = [practice for practices in practices_of.values() for practice in practices]
    assert len(every) == len(set(every))  # no practice shared between services


def test_each_service_refers_people_to_activities_of_its_own_area(data):
    with scopes_disabled():
        sent = set(ActivityReferral.objects.values_list("organisation", "service"))
    listings_of: dict[int, set] = {}
    for organisation, listing in sent:
        listings_of.setdefault(organisation, set()).add(listing)
    assert len(listings_of) > 1
    for listings in listings_of.values():
        assert len(listings) <= scale.LISTINGS_PER_SERVICE
    # Together they reach many more listings than any one service does.
    assert len({listing for _, listing in sent}) > scale.LISTINGS_PER_SERVICE
