"""Texts go in the person's language where their organisation has a wording in it: a manager
adds, changes and removes wordings of each type of text in other languages, checked as the
main wording is; a person whose main language (as their record spells it, whatever its case
and spaces) has one gets it, everyone else the main wording. Another organisation's wordings
are neither used nor seen."""

import datetime
import re

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.activities.services import ask_person_about_attendance
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.audit.context import Actor, acting_as
from navigator.audit.models import AuditEvent
from navigator.contacts.tests.helpers import log
from navigator.messaging.models import Kind, Message, TextWording
from navigator.messaging.tasks import send_reminders
from navigator.messaging.tests.helpers import hidden_version, texted_case
from navigator.messaging.wording import language_code
from navigator.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]

TODAY = datetime.date(2026, 12, 7)  # a Monday
TOMORROW = TODAY + datetime.timedelta(days=1)
LIST = reverse("messaging:wording_list")
ADD = reverse("messaging:wording_language_add", kwargs={"kind": "contact_reminder"})
POLISH_REMINDER = "((service)): przypominamy, że pracownik skontaktuje się z Tobą ((day))."
POLISH_DID_YOU_GO = "((service)): czy byłeś na pierwszym spotkaniu? Powiedz nam tutaj: ((link))"


@pytest.fixture(autouse=True)
def _never_quiet(settings):
    settings.NAVIGATOR_QUIET_HOURS = "00:00-00:00"


def polish(organisation, kind=Kind.CONTACT_REMINDER, body=POLISH_REMINDER, language="Polish"):
    return TextWording.objects.create(
        organisation=organisation, kind=kind, language=language, body=body
    )


def remind(organisation, link_worker, capture, **person) -> str:
    """Tomorrow's contact reminded to a texter: the text they were sent."""
    case = texted_case(organisation, link_worker, **person)
    log(case, link_worker, next_contact_date=TOMORROW)
    with capture(execute=True):
        send_reminders.call(today=TODAY.isoformat())
    return Message.objects.get(person=case.person).body


def edit_url(text_wording) -> str:
    return reverse(
        "messaging:wording_language_edit",
        kwargs={"kind": text_wording.kind, "pk": text_wording.pk},
    )


def remove_url(text_wording) -> str:
    return reverse(
        "messaging:wording_language_remove",
        kwargs={"kind": text_wording.kind, "pk": text_wording.pk},
    )


# Sending


def test_a_polish_speaker_is_asked_in_polish_whether_they_went(
    notify, organisation, link_worker, django_capture_on_commit_callbacks
):
    polish(organisation, kind=Kind.DID_YOU_GO, body=POLISH_DID_YOU_GO)
    case = texted_case(organisation, link_worker, language="Polish")
    activity_referral = ActivityReferralFactory(person=case.person, case=case)

    with acting_as(Actor(user=link_worker)), django_capture_on_commit_callbacks(execute=True):
        assert ask_person_about_attendance(activity_referral=activity_referral)

    [sent] = notify.sent
    assert re.fullmatch(
        r"Leeds North Social Prescribing: czy byłeś na pierwszym spotkaniu\? "
        r"Powiedz nam tutaj: http://127\.0\.0\.1:8000/l/[A-Za-z0-9_-]{16}/",
        sent["personalisation"]["body"],
    )


def test_a_reminder_goes_in_polish_however_the_record_spells_it(
    notify, organisation, link_worker, django_capture_on_commit_callbacks
):
    polish(organisation)

    text = remind(
        organisation, link_worker, django_capture_on_commit_callbacks, language=" polish "
    )

    assert text == (
        "Leeds North Social Prescribing: przypominamy, że pracownik skontaktuje się z Tobą "
        "tomorrow, Tuesday 8 December."
    )


@pytest.mark.parametrize("language", ["", "Urdu", "Polish (reads English)"])
def test_without_a_wording_in_their_language_a_person_gets_the_main_wording(
    notify, organisation, link_worker, django_capture_on_commit_callbacks, language
):
    polish(organisation)
    TextWording.objects.create(
        organisation=organisation,
        kind=Kind.CONTACT_REMINDER,
        body="((service)): we will be in touch ((day)).",
    )

    text = remind(organisation, link_worker, django_capture_on_commit_callbacks, language=language)

    assert (
        text == "Leeds North Social Prescribing: we will be in touch tomorrow, Tuesday 8 December."
    )


def test_another_organisations_wording_in_their_language_is_not_used(
    notify, organisation, other_organisation, link_worker, django_capture_on_commit_callbacks
):
    polish(other_organisation)

    text = remind(organisation, link_worker, django_capture_on_commit_callbacks, language="Polish")

    assert text == (
        "Leeds North Social Prescribing: a reminder that your link worker plans to be in touch "
        "with you tomorrow, Tuesday 8 December."
    )


@pytest.mark.parametrize(
    ("language", "code"),
    [("Polish", "pl"), (" polski ", "pl"), ("Brazilian Portuguese", "pt-br"), ("Tigrinya", "")],
)
def test_a_language_named_in_english_or_in_itself_has_its_code_for_pages(language, code):
    assert language_code(language) == code


# The pages


def test_adding_a_wording_in_polish_suggests_the_languages_on_record(
    signed_in, manager, organisation, other_organisation
):
    for language in (" polish ", "Polish", "Urdu", ""):
        PersonFactory(organisation=organisation, language=language)
    PersonFactory(organisation=other_organisation, language="Tigrinya")
    client = signed_in(manager)

    form = client.get(ADD).text
    saved = client.post(ADD, {"language": "Polish", "body": POLISH_REMINDER, "action": "save"})
    listed = client.get(LIST).text

    assert 'list="known-languages"' in form
    options = re.search(r'<datalist id="known-languages">(.*?)</datalist>', form).group(1)
    assert options == '<option value="Polish"></option><option value="Urdu"></option>'
    # The form starts from the main wording (here the default), for translating.
    assert "a reminder that your link worker plans to be in touch with you ((day))." in form
    assert saved.status_code == 302
    added = TextWording.objects.get(organisation=organisation, kind=Kind.CONTACT_REMINDER)
    assert (added.language, added.language_key, added.body, added.version) == (
        "Polish",
        "polish",
        POLISH_REMINDER,
        1,
    )
    assert '<dt class="nhsuk-summary-list__key">Polish</dt>' in listed
    # Marked as Polish, for screen readers to read it so.
    assert (
        '<span lang="pl">Leeds North Social Prescribing: przypominamy, że pracownik skontaktuje '
        "się z Tobą tomorrow, Tuesday 8 December.</span>" in listed
    )
    event = AuditEvent.objects.get(object_type="messaging.textwording")
    assert (event.action, event.actor, event.changes) == (
        AuditEvent.Action.CREATED,
        manager,
        {"language": [None, "Polish"], "body": [None, POLISH_REMINDER]},
    )


def test_the_preview_of_a_polish_wording_counts_it_as_a_unicode_text(signed_in, manager):
    url = reverse("messaging:wording_language_add", kwargs={"kind": "did_you_go"})

    page = signed_in(manager).post(
        url, {"language": "Polish", "body": "((service)): czy byłeś? ((link))", "action": "preview"}
    )

    link = "http://127.0.0.1:8000/l/" + "x" * 16 + "/"
    assert f'<p lang="pl">Leeds North Social Prescribing: czy byłeś? {link}</p>' in page.text
    # 30 for the service's name, 13 for the words, 41 for the link; ł and ś are not in the
    # GSM alphabet, so the text is Unicode: 70 characters in one text, 67 in each part.
    assert (
        "84 characters (with characters that make it a Unicode text): 2 text messages." in page.text
    )
    assert not TextWording.objects.exists()


@pytest.mark.parametrize(
    ("language", "body", "error"),
    [
        ("Polish", "Cześć ((name)) ((day))", "((name)) is not a placeholder Navigator fills in"),
        ("Polish", "ż" * 919, "GOV.UK Notify sends at most 918"),
        ("Polish", "", "Enter the wording of the text message"),
        ("  ", "Przypomnienie ((day))", "Enter the language this wording is in"),
    ],
)
def test_a_bad_wording_in_another_language_is_refused_and_kept(
    signed_in, manager, language, body, error
):
    page = signed_in(manager).post(ADD, {"language": language, "body": body, "action": "save"})

    assert page.status_code == 200
    assert error in page.text
    assert body.split(" ")[0] in page.text
    assert f'value="{language}"' in page.text
    assert not TextWording.objects.exists()


def test_a_text_with_a_link_needs_it_in_every_language(signed_in, manager):
    url = reverse("messaging:wording_language_add", kwargs={"kind": "did_you_go"})

    page = signed_in(manager).post(
        url, {"language": "Polish", "body": "Czy byłeś na zajęciach?", "action": "save"}
    )

    assert "Put ((link)) where the link goes" in page.text
    assert "Czy byłeś na zajęciach?" in page.text
    assert not TextWording.objects.exists()


def test_a_second_wording_in_the_same_language_is_refused(signed_in, manager, organisation):
    polish(organisation)

    page = signed_in(manager).post(
        ADD, {"language": " POLISH ", "body": "((service)): jutro ((day))", "action": "save"}
    )

    assert page.status_code == 200
    assert "There is already a POLISH wording of this text: change that one" in page.text
    assert "((service)): jutro ((day))" in page.text
    assert TextWording.objects.get().body == POLISH_REMINDER


def test_a_change_from_a_stale_page_is_refused_and_shows_the_saved_wording(
    signed_in, manager, organisation
):
    url = edit_url(polish(organisation))
    first = signed_in(manager)
    version = hidden_version(first.get(url).text)
    first.post(
        url,
        {
            "language": "Polish",
            "body": "((service)): jutro ((day)).",
            "version": version,
            "action": "save",
        },
    )
    second = signed_in(
        UserFactory(organisation=organisation, role=Role.MANAGER, username="second-manager")
    )

    typed = {"language": "Polish", "body": "((service)): do zobaczenia ((day)).", "action": "save"}
    stale = second.post(url, {**typed, "version": version})
    again = second.post(url, {**typed, "version": hidden_version(stale.text)})

    assert version == "1"
    assert stale.status_code == 200
    assert 'id="stale-edit"' in stale.text
    assert "((service)): jutro ((day))." in stale.text
    assert "((service)): do zobaczenia ((day))." in stale.text
    assert again.status_code == 302
    changed = TextWording.objects.get()
    assert (changed.body, changed.version) == ("((service)): do zobaczenia ((day)).", 3)
    changes = [
        event.changes
        for event in AuditEvent.objects.filter(
            object_type="messaging.textwording", action=AuditEvent.Action.UPDATED
        ).order_by("pk")
    ]
    assert changes == [
        {"body": [POLISH_REMINDER, "((service)): jutro ((day))."]},
        {"body": ["((service)): jutro ((day)).", "((service)): do zobaczenia ((day))."]},
    ]


def test_removing_a_wording_returns_its_people_to_the_main_wording(
    notify, signed_in, manager, organisation, link_worker, django_capture_on_commit_callbacks
):
    removed = polish(organisation)
    client = signed_in(manager)

    confirm = client.get(remove_url(removed))
    done = client.post(remove_url(removed), {"version": hidden_version(confirm.text)})
    text = remind(organisation, link_worker, django_capture_on_commit_callbacks, language="Polish")

    assert "Remove the Polish wording of the" in confirm.text
    assert done.status_code == 302
    assert not TextWording.objects.exists()
    assert text == (
        "Leeds North Social Prescribing: a reminder that your link worker plans to be in touch "
        "with you tomorrow, Tuesday 8 December."
    )
    event = AuditEvent.objects.get(object_type="messaging.textwording")
    assert (event.action, event.object_id, event.changes) == (
        AuditEvent.Action.DELETED,
        str(removed.pk),
        {"language": ["Polish", None], "body": [POLISH_REMINDER, None]},
    )


def test_a_removal_from_a_stale_page_is_refused_and_shows_the_wording_now(
    signed_in, manager, organisation
):
    wording = polish(organisation)
    url = remove_url(wording)
    first = signed_in(manager)
    version = hidden_version(first.get(url).text)
    # Another manager changes the wording while the first has the confirmation page open.
    second = signed_in(
        UserFactory(organisation=organisation, role=Role.MANAGER, username="second-manager")
    )
    second.post(
        edit_url(wording),
        {
            "language": "Polish",
            "body": "((service)): do zobaczenia ((day)).",
            "version": version,
            "action": "save",
        },
    )

    stale = first.post(url, {"version": version})
    again = first.post(url, {"version": hidden_version(stale.text)})

    assert version == "1"
    assert stale.status_code == 200
    assert "<title>Error: Remove the Polish wording" in stale.text
    assert "Someone changed this wording while you had this page open, so it was not" in stale.text
    assert "Leeds North Social Prescribing: do zobaczenia" in stale.text
    assert hidden_version(stale.text) == "2"
    assert again.status_code == 302
    assert not TextWording.objects.exists()
    removals = AuditEvent.objects.filter(
        object_type="messaging.textwording", action=AuditEvent.Action.DELETED
    )
    assert [event.changes for event in removals] == [
        {"language": ["Polish", None], "body": ["((service)): do zobaczenia ((day)).", None]}
    ]


def test_a_removal_without_the_version_shown_removes_nothing(signed_in, manager, organisation):
    wording = polish(organisation)

    refused = signed_in(manager).post(remove_url(wording), {})

    assert refused.status_code == 200
    assert "so it was not" in refused.text
    assert TextWording.objects.get() == wording


def test_another_organisations_wordings_are_neither_shown_nor_changed(
    signed_in, manager, organisation, other_organisation
):
    theirs = polish(other_organisation, language="Tigrinya")
    client = signed_in(manager)

    listed = client.get(LIST).text
    edited = client.post(
        edit_url(theirs),
        {"language": "Tigrinya", "body": "((service)) ((day))", "version": "1", "action": "save"},
    )
    removed = client.post(remove_url(theirs))

    assert "Tigrinya" not in listed
    assert (client.get(edit_url(theirs)).status_code, edited.status_code) == (404, 404)
    assert removed.status_code == 404
    assert TextWording.objects.get() == theirs
    assert TextWording.objects.get().body == POLISH_REMINDER
