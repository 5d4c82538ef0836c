"""Managers word their service's text messages: each is previewed as a person would get it,
with a link of real length, its number of characters and of text messages (fragments), and
refused beyond GOV.UK Notify's limit or with placeholders Navigator does not fill in."""

import pytest
from django.urls import reverse

from navigator.messaging.models import Kind, TextWording
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
    link = "http://127.0.0.1:8000/activities/did-you-go/" + "x" * 43 + "/"
    assert f"Leeds North Social Prescribing: tell us how it went: {link}" in html
    # 30 for the service's name, 23 for the words, 88 for the link
    assert "141 characters: 1 text message." in html
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
