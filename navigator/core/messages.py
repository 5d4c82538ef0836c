"""One way for any app to write to a person: a text, an e-mail or a letter, as they prefer.

The messaging app (`navigator.messaging`) sits above the apps that send, so they never import
it: it fills this registry in `AppConfig.ready`, and they call the functions here."""

from collections.abc import Callable
from typing import Any

from django.db import models

# The channel of a text message (`messaging.models.Channel.TEXT`), for the apps that cannot
# import messaging: a link sent by text is issued short.
TEXT_CHANNEL = "sms"


class MessageKind(models.TextChoices):
    """What a message is for: each has its own wording and, on GOV.UK Notify, template."""

    DID_YOU_GO = "did_you_go", "Did you go to your first session?"
    QUESTIONNAIRE = "questionnaire", "Questionnaire link"
    FEEDBACK = "feedback", "Feedback link"
    CONTACT_REMINDER = "contact_reminder", "Reminder of a contact"
    VISIT_REMINDER = "visit_reminder", "Reminder of an accompaniment visit"
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement of a self-referral"
    # E-mails to an organisation about a person, with the letter attached: not texts.
    GP_MESSAGE = "gp_message", "Message back to the GP"
    REFERRER_MESSAGE = "referrer_message", "Message back to the referrer"


_messaging: dict[str, Callable[..., Any]] = {}


def register_messaging(**functions: Callable[..., Any]) -> None:
    _messaging.update(functions)


def route_to(person: Any, *, agreed: bool = False, kind: str = "") -> Any:
    """How Navigator may write to the person (a route with `channel` and `recipient`), or None:
    `navigator.messaging.selectors.route_to`."""
    return _messaging["route_to"](person, agreed=agreed, kind=kind)


def send_link_to_person(**arguments: Any) -> Any:
    """Issue a secure link and send it to the person the way they prefer; (the issued link,
    the message or None): `navigator.messaging.services.send_link_to_person`."""
    return _messaging["send_link_to_person"](**arguments)


def acknowledge_self_referral(*, referral: Any) -> Any:
    """Text a self-referrer who gave a mobile number that their referral arrived."""
    return _messaging["acknowledge_self_referral"](referral=referral)
