"""Small questions the accounts tests ask of a test client or an e-mail."""

import re

from django.core.mail import EmailMessage
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def signed_in_user_id(client: Client) -> int | None:
    """The id of the user the client's session is signed in as, or None."""
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def verified_device_id(client: Client) -> str | None:
    """The authenticator the session was verified with, or None before two-factor sign-in."""
    return client.session.get(DEVICE_ID_SESSION_KEY)


def link_in(message: EmailMessage) -> str:
    """The path of the one link in an e-mail."""
    links = LINK.findall(message.body)
    assert len(links) == 1, message.body
    return links[0]
