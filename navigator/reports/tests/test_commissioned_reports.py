"""Commissioners see suppressed aggregates of the services their organisation funds, and
nothing else: not other services, not names, not free text, not row-level data."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.people.tests.factories import GPPracticeFactory
from navigator.referrals.states import State
from navigator.reports import figures
from navigator.reports.figures import SMALL_TEXT, Figure
from navigator.reports.selectors import SECTIONS, Filters, Report
from navigator.reports.tests.helpers import derivable, referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def icb(organisation, other_organisation):
    """A commissioning organisation funding Leeds North only."""
    icb = OrganisationFactory(name="West Yorkshire ICB")
    icb.funds.add(organisation)
    return icb


@pytest.fixture
def commissioner(icb):
    return UserFactory(organisation=icb, role=Role.COMMISSIONER, first_name="Cara")


def flow_page(client, **query) -> str:
    return client.get(
        reverse("reports:commissioned_section", kwargs={"slug": "flow"}), query
    ).content.decode()


def test_commissioner_sees_funded_services_and_not_others(
    signed_in, commissioner, icb, organisation, other_organisation
) -> None:
    for _ in range(12):
        referral(organisation)
    for _ in range(30):
        referral(other_organisation)

    page = flow_page(signed_in(commissioner))

    # 12, rounded to the nearest 5: the 30 of the service it does not fund are not in it.
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">10</td>' in page
    assert ">30<" not in page and ">40<" not in page


def test_small_numbers_are_hidden_and_cannot_be_derived(
    signed_in, commissioner, organisation
) -> None:
    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER, last_name="Okonjo")
    for _ in range(9):
        referral(organisation, state=State.ALLOCATED, allocated_to=worker)
    for _ in range(2):
        referral(organisation, state=State.DECLINED, decline_reason="not_eligible")

    page = flow_page(signed_in(commissioner))
    assert SMALL_TEXT.replace("<", "&lt;") in page

    for section in SECTIONS.values():
        report = Report(organisation_ids=[organisation.pk], filters=Filters(), commissioned=True)
        figures = report.figures(section)
        assert not derivable(figures), section.slug
    work = (
        signed_in(commissioner)
        .get(reverse("reports:commissioned_section", kwargs={"slug": "work"}))
        .content.decode()
    )
    assert "Okonjo" not in work  # link workers are counted in bands, not named
    assert "Link workers by caseload against target" in work


def test_the_service_filter_narrows_to_one_funded_service(
    signed_in, commissioner, icb, organisation, other_organisation
) -> None:
    icb.funds.add(other_organisation)
    for _ in range(6):
        referral(organisation)
    for _ in range(7):
        referral(other_organisation)
    client = signed_in(commissioner)

    assert ">15<" in flow_page(client)  # 13, rounded
    page = flow_page(client, service=other_organisation.pk)
    assert ">5<" in page and ">15<" not in page  # 7, rounded
    # A service it does not fund cannot be chosen.
    unfunded = OrganisationFactory()
    assert "from the choices given" in flow_page(client, service=unfunded.pk)


def test_a_commissioner_funding_nothing_sees_no_figures(signed_in, other_organisation) -> None:
    lonely = UserFactory(organisation=other_organisation, role=Role.COMMISSIONER)
    for _ in range(8):
        referral(other_organisation)  # their own organisation's: not funded, not shown

    client = signed_in(lonely)
    assert (
        "does not fund any services"
        in client.get(reverse("reports:commissioned_index")).content.decode()
    )
    assert ">8<" not in flow_page(client)


@pytest.mark.parametrize("slug", sorted(SECTIONS))
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_commissioners_cannot_reach_any_manager_page_or_download(
    signed_in, commissioner, slug: str, file_format: str
) -> None:
    client = signed_in(commissioner)
    for url in (
        reverse("reports:index"),
        reverse("reports:section", kwargs={"slug": slug}),
        reverse("reports:download", kwargs={"slug": slug, "file_format": file_format}),
        reverse("reports:prsb_dataset", kwargs={"file_format": file_format}),
    ):
        assert client.get(url).status_code == 403, url
    commissioned = reverse(
        "reports:commissioned_download", kwargs={"slug": slug, "file_format": file_format}
    )
    assert client.get(commissioned).status_code == 200


@pytest.mark.parametrize("role", [role for role in Role if role != Role.COMMISSIONER])
def test_only_commissioners_reach_commissioned_reports(user_with_role, signed_in, role) -> None:
    client = signed_in(user_with_role(role))
    for slug in SECTIONS:
        url = reverse("reports:commissioned_section", kwargs={"slug": slug})
        assert client.get(url).status_code == 403


def test_practices_a_page_puts_together_hide_what_their_download_hides(
    organisation, monkeypatch
) -> None:
    # A page lists the practices with most referrals and sums the rest in one row; its
    # download lists each. Were a practice hidden in the download shown on the page, the
    # page's row of the rest less the download's practices shown would give a small count.
    monkeypatch.setattr(figures, "MOST_ROWS_SHOWN", 2)
    for name, referrals in (("Armley", 9), ("Beeston", 6), ("Chapel", 6), ("Dewsbury", 2)):
        surgery = GPPracticeFactory(name=name)
        for _ in range(referrals):
            referral(organisation, gp_practice=surgery)

    def practices(comments_page: int | None) -> Figure:
        report = Report(
            organisation_ids=[organisation.pk],
            filters=Filters(),
            commissioned=True,
            comments_page=comments_page,
        )
        flow_section = SECTIONS["flow"]
        return next(each for each in report.figures(flow_section) if each.key == "by_gp_practice")

    page, download = practices(1), practices(None)

    # Beeston and Chapel are tied: Beeston is listed by name, Chapel goes with the rest.
    assert [row[0].split(" (")[0] for row in page.table()] == [
        "Armley",
        "Beeston",
        "The other 2 practices",
        "Total",
    ]
    assert not page.hidden
    # The download hides Dewsbury's 2 and, to protect it, Chapel (tied with Beeston, but the
    # one the page sums with Dewsbury): the page's rest is what the download hides.
    hidden_rows = {download.rows[row].label.split(" (")[0] for row, _ in download.hidden}
    assert hidden_rows == {"Chapel", "Dewsbury"}
