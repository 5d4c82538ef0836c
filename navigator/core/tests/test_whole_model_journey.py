"""The Navigator Link Worker Model walked through in Chromium, through the rendered pages, role
by role, filling forms as a person does; what is stored is checked after each step.

A person refers themselves (ticking several reasons and unticking one); the manager triages,
accepts and allocates; the link worker records the assessment (ticking family members who were
there and unticking one) and agrees a support plan with start ratings for three goals; refers
the person to a listing whose provider has a Navigator login; the provider accepts in their
inbox and confirms attendance; the link worker logs contacts, records ONS4 at the baseline and
at the review, rates the goals at the review, closes the case and records the person's feedback;
the message back to the GP, the PRSB dataset row (downloaded through the page) and the manager's
reports show it all.
"""

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from navigator.accounts.permissions import Role
from navigator.activities.models import ActivityReferral
from navigator.activities.states import Status as ActivityStatus
from navigator.contacts.models import Contact
from navigator.directory.tests.factories import DirectoryOrganisationFactory, service_at
from navigator.feedback.models import Channel, FeedbackResponse, FFTAnswer, Occasion
from navigator.outcomes import selectors as outcome_selectors
from navigator.outcomes.instruments import BUILT_IN
from navigator.outcomes.models import Administration, Status
from navigator.people.tests.factories import FamilyMemberFactory
from navigator.plans.models import Assessment, SupportPlan
from navigator.referrals.models import Referral
from navigator.referrals.services import seed_reasons
from navigator.referrals.states import State
from navigator.referrals.tests.test_self_referral_helpers import (
    START,
    forget_submissions,
    make_catchment,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


def refer_themselves(page) -> Referral:
    page.goto(START)
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Lindqvist")
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("1952")
    page.get_by_label("Postcode").fill("LS7 3EF")
    page.get_by_label("Phone number (optional)").fill("0113 496 0000")
    for reason in ("Loneliness or isolation", "Housing", "Bereavement"):
        page.get_by_label(reason).check()
    page.get_by_label("Housing").uncheck()
    page.get_by_label("I agree to a social prescribing service").check()
    press(page, "Send")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your request has been sent")
    return Referral.objects.get(reference=page.locator("#reference").inner_text())


def triage_accept_allocate(page, referral: Referral, link_worker) -> None:
    page.goto("/referrals/")
    page.get_by_role("link", name=re.compile(referral.reference)).click()
    press(page, "Create a new record")
    page.get_by_role("link", name="Accept").click()
    press(page, "Accept referral")
    page.get_by_role("link", name="Allocate to a link worker").click()
    page.get_by_label(re.compile(f"{link_worker} – ")).check()
    press(page, "Allocate")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("allocated")


def record_assessment(page, person) -> None:
    page.goto(f"/people/{person.pk}/assessments/new/")
    page.get_by_label("The person's home").check()
    page.get_by_label("What matters to me").fill("Getting out to meet people again")
    page.get_by_label("Chidi Okafor (Son)").check()
    page.get_by_label("Ngozi Okafor (Daughter)").check()
    page.get_by_label("Chidi Okafor (Son)").uncheck()
    press(page, "Save assessment")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assessment")


GOALS = ("Walk to the shops", "Join a choir", "Sleep through the night")
ONS4 = [item.text for item in next(i for i in BUILT_IN if i.code == "ons4").items]


def fill_date(page, field: str, day: datetime.date) -> None:
    page.fill(f"#id_{field}_day", str(day.day))
    page.fill(f"#id_{field}_month", str(day.month))
    page.fill(f"#id_{field}_year", str(day.year))


def next_step(page, person, action: str) -> None:
    """Follow one of the next actions offered on the person's page."""
    page.goto(f"/people/{person.pk}/")
    press(page, action)


def agree_plan(page, person) -> None:
    """The plan with Top 3 Goals and their start ratings 3, 2 and 1."""
    next_step(page, person, "Make a support plan")
    page.get_by_label("The person took part").check()
    page.get_by_label("Said so in person").check()
    page.get_by_role("radio", name=re.compile("^Medium")).check()
    for number, (words, start) in enumerate(zip(GOALS, (3, 2, 1), strict=True), start=1):
        page.get_by_label(f"Goal {number}, in the person's own words").fill(words)
        page.get_by_label(f"Goal {number}: rating now").fill(str(start))
    press(page, "Save plan")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Support plan saved")
    expect(page.locator("#goal-table")).to_contain_text("Sleep through the night")


def refer_to_activity(page, person, service) -> None:
    next_step(page, person, "Find an activity")
    page.get_by_role("link", name="Search the directory yourself").click()
    page.get_by_label("Search the directory").fill("choir")
    press(page, "Search")
    press(page, f"Refer to {service.name}")
    # Self-referral asked only to hold their information: sharing it is asked now.
    expect(page.locator("#no-consent-to-share")).to_be_visible()
    expect(page.locator("main").get_by_role("button", name="Send the referral")).to_have_count(0)
    referral_form = page.url
    page.get_by_role("link", name="record their consent on their record").click()
    page.get_by_label("Agrees we share their information with services").check()
    page.get_by_label("Verbally, with the consent script read out").check()
    press(page, "Save")
    page.goto(referral_form)
    expect(page.locator("main")).to_contain_text(
        "Wren Quillfeather will see it in their Navigator inbox"
    )
    page.get_by_label("What the person hopes to get from it").fill("Singing with others")
    fill_date(page, "planned_date", timezone.localdate())
    press(page, "Send the referral")


def answer_in_inbox(page, action: str) -> None:
    page.goto("/")
    page.locator("main").get_by_role("link", name="Referrals to your activities").click()
    expect(page.locator("main")).to_contain_text("Maya L. – Leeds community choir")
    page.locator("main").get_by_role("link", name=re.compile(f"^{action}")).click()
    press(page, action)


def log_contact(page, person, day: datetime.date, happened: str) -> None:
    next_step(page, person, "Log a contact")
    fill_date(page, "date", day)
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("radio", name="Telephone").check()
    page.fill("#id_what_happened", happened)
    press(page, "Save contact")


def record_measure(page, person, measure: str, when: str, answers: dict[str, int]) -> None:
    next_step(page, person, "Record an outcome measure")
    page.get_by_role("radio", name=measure).check()
    page.get_by_role("radio", name=when).check()
    press(page, "Continue")
    for question, answer in answers.items():
        page.get_by_role("group", name=question).get_by_label(str(answer), exact=True).check()
    press(page, "Finish and score")


def close_case(page, person) -> None:
    next_step(page, person, "Close the case")
    page.get_by_role("radio", name="Linked into community activity").check()
    page.fill("#id_summary", "Sings with the choir every Tuesday")
    press(page, "Close case")


def record_feedback(page, referral) -> None:
    page.goto(f"/cases/{referral.pk}/")
    page.get_by_role("link", name="Record their feedback").click()
    page.get_by_role("radio", name="When support ended").check()
    page.get_by_role("radio", name="The person supported").check()
    page.get_by_role("radio", name="Very good").check()
    page.get_by_label("What went well?").fill("Finding the choir")
    press(page, "Save feedback")


def download_prsb_row(page, reference: str) -> dict[str, str]:
    page.goto("/reports/dataset/")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("PRSB minimum dataset .* as CSV")).click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = [
        row for row in csv.DictReader(io.StringIO(text)) if row["Referral reference"] == reference
    ]
    assert len(rows) == 1, text
    return rows[0]


def test_the_whole_model_through_the_pages(
    page, sign_in, organisation, manager, link_worker, user_with_role
):
    forget_submissions()
    make_catchment(organisation, "LS7")
    seed_reasons(organisation=organisation)

    # A person refers themselves: every reason ticked is kept, the one unticked is not.
    referral = refer_themselves(page)
    assert referral.organisation == organisation
    assert referral.state == State.RECEIVED
    assert sorted(referral.reasons.values_list("name", flat=True)) == [
        "Bereavement",
        "Loneliness or isolation",
    ]

    # The manager triages (a new record is made), accepts and allocates to the link worker.
    page.context.clear_cookies()
    sign_in(page, manager)
    triage_accept_allocate(page, referral, link_worker)
    referral.refresh_from_db()
    assert referral.state == State.ALLOCATED
    assert referral.allocated_to == link_worker
    person = referral.person
    assert (person.given_name, person.family_name, person.postcode) == (
        "Maya",
        "Lindqvist",
        "LS7 3EF",
    )

    # The link worker records the assessment; of the family, only who was there is kept.
    FamilyMemberFactory(person=person, name="Chidi Okafor", relationship="Son")
    FamilyMemberFactory(person=person, name="Ngozi Okafor", relationship="Daughter")
    page.context.clear_cookies()
    sign_in(page, link_worker)
    record_assessment(page, person)
    assessment = Assessment.objects.get(person=person)
    assert assessment.referral == referral
    assert assessment.what_matters == "Getting out to meet people again"
    assert [member.name for member in assessment.family_present.all()] == ["Ngozi Okafor"]

    today = timezone.localdate()
    referral.refresh_from_db()
    assert referral.state == State.ASSESSED
    assert timezone.localdate(referral.assessed_at) == today
    page.goto(f"/people/{person.pk}/")
    expect(page.locator("main")).to_contain_text(f"Assessed, case {referral.reference}")

    # The plan is agreed with start ratings for the Top 3 Goals: the case is in active support.
    agree_plan(page, person)
    plan = SupportPlan.objects.get(person=person)
    assert [(goal.words, goal.baseline_rating) for goal in plan.goals.order_by("position")] == [
        ("Walk to the shops", 3),
        ("Join a choir", 2),
        ("Sleep through the night", 1),
    ]
    referral.refresh_from_db()
    assert referral.state == State.ACTIVE
    page.goto(f"/people/{person.pk}/")
    expect(page.locator("main")).to_contain_text(f"Active support, case {referral.reference}")

    # An activity referral to a listing whose provider has a Navigator login.
    choir_group = DirectoryOrganisationFactory(name="Leeds Singers")
    provider = user_with_role(Role.VCS_PROVIDER)
    provider.first_name, provider.last_name = "Wren", "Quillfeather"
    provider.save()
    choir_group.provider_users.add(provider)
    choir = service_at(
        "LS7 3EF",
        None,
        None,
        organisation=choir_group,
        name="Leeds community choir",
        keywords="choir",
    )
    refer_to_activity(page, person, choir)
    person.refresh_from_db()
    assert (person.consent_to_hold, person.consent_to_share) == (True, True)
    activity_referral = ActivityReferral.objects.get(person=person)
    assert (activity_referral.service, activity_referral.case, activity_referral.status) == (
        choir,
        referral,
        ActivityStatus.REQUESTED,
    )

    # The provider signs in, finds it in their inbox, accepts, then confirms attendance.
    page.context.clear_cookies()
    sign_in(page, provider)
    answer_in_inbox(page, "Accept")
    activity_referral.refresh_from_db()
    assert activity_referral.status == ActivityStatus.ACCEPTED
    answer_in_inbox(page, "Confirm they have attended")
    activity_referral.refresh_from_db()
    assert activity_referral.status == ActivityStatus.IN_PROGRESS

    # The link worker logs two contacts and records ONS4 at the baseline.
    page.context.clear_cookies()
    sign_in(page, link_worker)
    log_contact(page, person, today, "Talked about the choir")
    log_contact(page, person, today, "Has been to the choir twice")
    assert Contact.objects.filter(referral=referral).count() == 2
    record_measure(
        page,
        person,
        "ONS4 personal wellbeing",
        "Baseline (at assessment)",
        dict(zip(ONS4, (4, 4, 3, 8), strict=True)),
    )

    # At the review: ONS4 again and the goals rated; change is measured from the plan's start.
    record_measure(
        page,
        person,
        "ONS4 personal wellbeing",
        "Review",
        dict(zip(ONS4, (7, 7, 6, 4), strict=True)),
    )
    record_measure(
        page,
        person,
        "Top 3 Goals progress",
        "Review",
        {
            f"Goal {n}: {words}": rating
            for n, (words, rating) in enumerate(zip(GOALS, (6, 5, 7), strict=True), 1)
        },
    )
    assert Administration.objects.filter(person=person, status=Status.COMPLETE).count() == 3
    goals = outcome_selectors.progress(person)["goals"]
    assert [(one.baseline.value, one.latest.value, one.change) for one in goals] == [
        (3, 6, 3),
        (2, 5, 3),
        (1, 7, 6),
    ]
    page.goto(f"/people/{person.pk}/outcomes/")
    expect(page.locator("main")).to_contain_text("Sleep through the night: up 6 points")

    # Closure, then the message back to the GP.
    close_case(page, person)
    referral.refresh_from_db()
    assert referral.state == State.CLOSED
    page.goto(f"/cases/{referral.pk}/gp-message/")
    message = page.locator("main")
    expect(message).to_contain_text("2 contacts.")
    expect(message).to_contain_text("Leeds community choir: attending")
    goal_lines = message.get_by_role("listitem").filter(has_text="out of 10 at the start")
    expect(goal_lines).to_have_text(
        [
            "Walk to the shops: from 3 out of 10 at the start to 6 at the latest, up 3 points"
            " — a meaningful improvement",
            "Join a choir: from 2 out of 10 at the start to 5 at the latest, up 3 points"
            " — a meaningful improvement",
            "Sleep through the night: from 1 out of 10 at the start to 7 at the latest,"
            " up 6 points — a meaningful improvement",
        ]
    )
    expect(message).to_contain_text(
        "Life satisfaction: from 4 at the baseline to 7 at the latest, up 3 points (better)"
    )
    expect(message).to_contain_text(
        "Anxiety yesterday: from 8 at the baseline to 4 at the latest, down 4 points (better)"
    )
    expect(message).to_contain_text("Sings with the choir every Tuesday")
    expect(message).to_contain_text("3 November 1952")

    # The person's feedback at the end of support, told to the link worker.
    record_feedback(page, referral)
    feedback = FeedbackResponse.objects.get(referral=referral)
    assert (feedback.occasion, feedback.fft_answer, feedback.channel, feedback.went_well) == (
        Occasion.CLOSURE,
        FFTAnswer.VERY_GOOD,
        Channel.STAFF,
        "Finding the choir",
    )

    # The PRSB dataset row, downloaded through the reports page by the manager.
    page.context.clear_cookies()
    sign_in(page, manager)
    row = download_prsb_row(page, referral.reference)
    assert row["Date received"] == today.isoformat()
    assert row["Date assessed"] == today.isoformat()
    assert row["Date of first contact"] == today.isoformat()
    assert row["Contacts"] == "2"
    assert row["Activities referred to"] == "Leeds community choir"
    assert sorted(row["Reasons for referral"].split("; ")) == [
        "Bereavement",
        "Loneliness or isolation",
    ]
    assert row["State"] == "Closed"
    assert row["Date closed"] == today.isoformat()
    assert row["Reason for closure"] == "Linked into community activity"

    # The manager's report counts it at every step, from referral to the end of support.
    page.goto("/reports/")
    page.locator("main").get_by_role("link", name="Flow").click()
    funnel = page.get_by_role("table", name=re.compile("From referral to the end of support"))
    for step in (
        "Referred",
        "First contact made",
        "Assessed",
        "Support plan agreed",
        "First activity attended",
        "Support ended (case closed)",
    ):
        reached = funnel.get_by_role("row", name=re.compile(f"^{re.escape(step)} "))
        expect(reached.get_by_role("cell").first).to_have_text("1")

    # The feedback report counts the answer.
    page.goto("/reports/")
    page.locator("main").get_by_role("link", name="Feedback").click()
    fft = page.get_by_role("table", name=re.compile("Friends and Family Test answers"))
    very_good = fft.get_by_role("row", name=re.compile("^Very good "))
    expect(very_good.get_by_role("cell").first).to_have_text("1")
