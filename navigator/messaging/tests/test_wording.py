"""Managers word their service's text messages: each is previewed as a person would get it,
with a link of real length, its number of characters and of text messages (fragments), and
refused beyond GOV.UK Notify's limit or with placeholders Navigator does not fill in; a save
from a page opened before someone else's save is refused, showing both."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.messaging.models import Kind, TextWording
from navigator.messaging.tests.helpers import hidden_version
from navigator.messaging.wording import render_text, text_length

pytestmark = pytest.mark.django_db
EDIT = reverse("messaging:wording_edit", kwargs={"kind": "feedback"})


@pytest.mark.parametrize(
    ("text", "characters", "fragments", "unicode"),
    [
        ("a" * 160, 160, 1, False),
        ("a" * 161, 161, 2, False),
        ("a" * 306, 306, 2, False),
        ("a" * 307, 307, 3, False),
        ("[" * 80, 160, 1, False),  # the extended characters count twice
        ("’" + "a" * 69, 70, 1, True),  # a curly quote makes it Unicode
        ("’" + "a" * 70, 71, 2, True),
    ],
)
def test_length_and_fragments(text, characters, fragments, unicode):
    length = text_length(text)
    assert (length.characters, length.fragments, length.unicode) == (
        characters,
        fragments,
        unicode,
    )


def test_the_preview_shows_length_and_fragments_without_saving(signed_in, manager):
    page = signed_in(manager).post(
        EDIT, {"body": "((service)): tell us how it went: ((link))", "action": "preview"}
    )

    html = page.content.decode()
    link = "http://127.0.0.1:8000/l/" + "x" * 16 + "/"  # a text's short link
    assert f"Leeds North Social Prescribing: tell us how it went: {link}" in html
    # 30 for the service's name, 23 for the words, 41 for the link
    assert "94 characters: 1 text message." in html
    assert not TextWording.objects.exists()


def test_saving_changes_what_people_get(signed_in, manager, organisation):
    answer = signed_in(manager).post(
        EDIT, {"body": "((service)): how did we do? ((link))", "action": "save"}
    )

    assert answer.status_code == 302
    text = render_text(organisation_id=organisation.pk, kind=Kind.FEEDBACK, values={"service": "S"})
    assert text == "S: how did we do? ((link))"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("Hello ((name)) ((link))", "((name)) is not a placeholder Navigator fills in"),
        ("Tell us how it went", "Put ((link)) where the link goes"),
        ("((link)) " + "a" * 900, "GOV.UK Notify sends at most 918"),
        ("", "Enter the wording of the text message"),
    ],
)
def test_bad_wording_is_refused_and_kept(signed_in, manager, body, error):
    page = signed_in(manager).post(EDIT, {"body": body, "action": "save"})

    html = page.content.decode()
    assert page.status_code == 200
    assert error in html
    assert body.split(" ")[0] in html
    assert not TextWording.objects.exists()


def test_a_save_from_a_stale_page_is_refused_and_shows_the_saved_wording(
    signed_in, manager, organisation
):
    first = signed_in(manager)
    version = hidden_version(first.get(EDIT).text)
    first.post(
        EDIT, {"body": "((service)): how did we do? ((link))", "version": version, "action": "save"}
    )
    other = UserFactory(organisation=organisation, role=Role.MANAGER, username="second-manager")
    second = signed_in(other)

    stale = second.post(
        EDIT,
        {"body": "((service)) asks: how was it? ((link))", "version": version, "action": "save"},
    )
    again = second.post(
        EDIT,
        {
            "body": "((service)) asks: how was it? ((link))",
            "version": hidden_version(stale.text),
            "action": "save",
        },
    )

    assert version == "0"
    assert stale.status_code == 200
    assert 'id="stale-edit"' in stale.text
    assert "((service)): how did we do? ((link))" in stale.text
    assert "((service)) asks: how was it? ((link))" in stale.text
    assert again.status_code == 302
    wording = TextWording.objects.get(organisation=organisation, kind=Kind.FEEDBACK)
    assert (wording.body, wording.version) == ("((service)) asks: how was it? ((link))", 2)
