"""Recording an assessment and agreeing a plan move the case on, whatever order the contact
and the assessment came in (the first contact is often the assessment itself), and the
reports read the stages: the PRSB row's dates and the funnel's steps."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.contacts.tests.helpers import allocated_through_services, log
from navigator.plans.tests.factories import assessment_post, plan_post
from navigator.referrals.models import Referral
from navigator.referrals.states import State
from navigator.reports import selectors as report_selectors
from navigator.reports.exports import prsb_referrals, prsb_row
from navigator.reports.tests.helpers import figure

pytestmark = pytest.mark.django_db

ASSESSED_AT = timezone.localtime() - datetime.timedelta(hours=2)


def assess(client, person) -> None:
    response = client.post(
        reverse("plans:assessment_create", kwargs={"pk": person.pk}),
        assessment_post(
            assessed_on_day=str(ASSESSED_AT.day),
            assessed_on_month=str(ASSESSED_AT.month),
            assessed_on_year=str(ASSESSED_AT.year),
            assessed_time=ASSESSED_AT.strftime("%H:%M"),
        ),
    )
    assert response.status_code == 302


def agree_plan(client, person) -> None:
    response = client.post(reverse("plans:plan_edit", kwargs={"pk": person.pk}), plan_post())
    assert response.status_code == 302


def funnel_reached(organisation) -> dict[str, str]:
    table = figure([organisation.pk], report_selectors.funnel).table()
    return {row[0]: row[1] for row in table}


def minute(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment).replace(second=0, microsecond=0)


def test_the_assessment_as_the_first_contact(organisation, link_worker, signed_in) -> None:
    case = allocated_through_services(organisation, link_worker)
    client = signed_in(link_worker)

    assess(client, case.person)
    case.refresh_from_db()
    assert case.state == State.ASSESSED
    assert minute(case.assessed_at) == minute(ASSESSED_AT)
    # The assessment was the first time anyone spoke to them.
    assert minute(case.first_contact_at) == minute(ASSESSED_AT)

    agree_plan(client, case.person)
    case.refresh_from_db()
    assert case.state == State.ACTIVE
    assert list(case.transitions.values_list("to_state", flat=True).order_by("at", "pk")) == [
        State.RECEIVED,
        State.TRIAGED,
        State.ACCEPTED,
        State.ALLOCATED,
        State.ASSESSED,
        State.ACTIVE,
    ]

    row = prsb_row(prsb_referrals(Referral.objects.filter(pk=case.pk)).get(), {})
    day = ASSESSED_AT.date().isoformat()
    assert row[11:13] == [day, day]  # date of first contact, date assessed
    assert funnel_reached(organisation) == {
        "Referred": "1",
        "First contact made": "1",
        "Assessed": "1",
        "Support plan agreed": "1",
        "First activity attended": "0",
        "Support ended (case closed)": "0",
    }


def test_a_contact_then_the_assessment(organisation, link_worker, signed_in) -> None:
    case = allocated_through_services(organisation, link_worker)
    client = signed_in(link_worker)
    contact = log(case, link_worker, when=ASSESSED_AT - datetime.timedelta(days=3))

    assess(client, case.person)
    case.refresh_from_db()
    assert case.state == State.ASSESSED
    assert case.first_contact_at == contact.when  # the earlier contact stays the first
    assert minute(case.assessed_at) == minute(ASSESSED_AT)

    agree_plan(client, case.person)
    case.refresh_from_db()
    assert case.state == State.ACTIVE
    assert funnel_reached(organisation)["Support plan agreed"] == "1"


def test_a_contact_logged_after_the_assessment_keeps_the_stage(
    organisation, link_worker, signed_in
) -> None:
    case = allocated_through_services(organisation, link_worker)
    client = signed_in(link_worker)
    assess(client, case.person)
    agree_plan(client, case.person)

    # A phone call logged afterwards, about a visit the day before the assessment.
    earlier = ASSESSED_AT - datetime.timedelta(days=1)
    log(case, link_worker, when=earlier)
    case.refresh_from_db()
    assert case.state == State.ACTIVE
    assert case.first_contact_at == earlier
    assert minute(case.assessed_at) == minute(ASSESSED_AT)


def test_a_second_assessment_does_not_move_the_dates(organisation, link_worker, signed_in) -> None:
    case = allocated_through_services(organisation, link_worker)
    client = signed_in(link_worker)
    assess(client, case.person)
    agree_plan(client, case.person)
    case.refresh_from_db()
    first_assessed = case.assessed_at

    assess(client, case.person)  # a reassessment months on
    case.refresh_from_db()
    assert case.state == State.ACTIVE  # never back to "assessed"
    assert case.assessed_at == first_assessed
