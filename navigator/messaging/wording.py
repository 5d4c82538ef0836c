"""The wording of text messages: defaults, each organisation's own, placeholders in GOV.UK
Notify's style ("((service))"), and the length and number of fragments a text will take."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf.locale import LANG_INFO
from django.urls import reverse

from navigator.core.addresses import absolute_url
from navigator.messaging.models import Kind, TextWording, language_key

# No personal details in any text: anyone may read a phone's screen. The link is the way in.
DEFAULT_TEXTS: dict[str, str] = {
    Kind.DID_YOU_GO: (
        "((service)): did you go to your first session? Please tell us here: ((link))"
    ),
    Kind.QUESTIONNAIRE: (
        "((service)): your link worker has sent you a short questionnaire. Answer it here: ((link))"
    ),
    Kind.FEEDBACK: (
        "((service)): how was your experience of our service? Tell us here: ((link)) "
        "If you would rather not answer, you do not need to do anything."
    ),
    Kind.CONTACT_REMINDER: (
        "((service)): a reminder that your link worker plans to be in touch with you ((day))."
    ),
    Kind.VISIT_REMINDER: (
        "((service)): a reminder of your visit with a volunteer ((day)) at ((time))."
    ),
    Kind.ACKNOWLEDGEMENT: (
        "((service)): thank you, we have your referral (reference ((reference))). "
        "We will be in touch soon."
    ),
}
# What each type of text may say, beyond ((service)): anything else is refused.
PLACEHOLDERS: dict[str, set[str]] = {
    Kind.DID_YOU_GO: {"link"},
    Kind.QUESTIONNAIRE: {"link"},
    Kind.FEEDBACK: {"link"},
    Kind.CONTACT_REMINDER: {"day"},
    Kind.VISIT_REMINDER: {"day", "time"},
    Kind.ACKNOWLEDGEMENT: {"reference"},
}
PLACEHOLDER = re.compile(r"\(\(([a-z_]+)\)\)")
# GOV.UK Notify refuses a text longer than this.
MAX_TEXT_LENGTH = 918


def sample_link() -> str:
    """A short link as texts carry them, at this site's address, for counting a text's length
    before the link exists (a short token is 16 characters)."""
    return absolute_url(reverse("links:short", kwargs={"token": "x" * 16}))


def wording_for(*, organisation_id: int, kind: str, language: str = "") -> str:
    """The organisation's wording of `kind` in `language` (a person's main language, as their
    record names it) when it has one, else its main wording, else the default."""
    keys = {"", language_key(language)}
    own = {
        found.language_key: found.body
        for found in TextWording.objects.filter(
            organisation_id=organisation_id, kind=kind, language_key__in=keys
        )
    }
    return own.get(language_key(language)) or own.get("") or DEFAULT_TEXTS[kind]


def fill(text: str, values: Mapping[str, Any]) -> str:
    """Replace ((name)) by its value; ((link)) stays until the moment of sending."""

    def value(match: re.Match) -> str:
        name = match[1]
        if name == "link" or name not in values:
            return match[0]
        return str(values[name])

    return PLACEHOLDER.sub(value, text)


def render_text(
    *, organisation_id: int, kind: str, values: Mapping[str, Any], language: str = ""
) -> str:
    """The text of `kind` for someone whose main language is `language` ("" when not known)."""
    wording = wording_for(organisation_id=organisation_id, kind=kind, language=language)
    return fill(wording, values)


def unknown_placeholders(kind: str, text: str) -> list[str]:
    allowed = PLACEHOLDERS[kind] | {"service"}
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in allowed})


# The GSM 03.38 alphabet phones use for texts: one character each, the extension table two.
GSM = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€")


@dataclass(frozen=True)
class Length:
    characters: int
    fragments: int
    unicode: bool

    @property
    def too_long(self) -> bool:
        return self.characters > MAX_TEXT_LENGTH


def text_length(text: str) -> Length:
    """How long the text is as a phone network counts it, and in how many fragments it goes
    (each billed as one text): 160 characters in one, 153 each when split; 70 and 67 when a
    character outside the GSM alphabet makes it Unicode."""
    if all(character in GSM or character in GSM_EXTENDED for character in text):
        characters = sum(2 if character in GSM_EXTENDED else 1 for character in text)
        single, part, unicode = 160, 153, False
    else:
        characters, single, part, unicode = len(text), 70, 67, True
    fragments = 1 if characters <= single else -(-characters // part)
    return Length(characters=characters, fragments=fragments, unicode=unicode)


@cache
def _language_codes() -> dict[str, str]:
    return {
        language_key(name): code
        for code, info in LANG_INFO.items()
        for name in (info.get("name"), info.get("name_local"))
        if name
    }


def language_code(language: str) -> str:
    """The BCP 47 code of a language named in English or in itself ("Polish", "polski": "pl"),
    for a page's `lang` attribute on text in it, so that screen readers read it in that
    language; "" for a name Django's list of languages does not know (then the text is read as
    the page's English)."""
    return _language_codes().get(language_key(language), "") if language else ""


def sample(kind: str, text: str, service: str) -> str:
    """The text as a person would get it, with example values, for the preview."""
    examples = {
        "service": service,
        "day": "tomorrow, Tuesday 8 December",
        "time": "10:30am",
        "reference": "K7QW2MXP",
    }
    return fill(text, examples).replace("((link))", sample_link())
