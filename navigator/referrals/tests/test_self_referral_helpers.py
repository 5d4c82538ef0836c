"""What the self-referral tests share: catchments to route to and a form that is filled in."""

from typing import Any

from django.core.cache import cache

from navigator.accounts.models import Organisation
from navigator.people.models import GPPractice
from navigator.referrals.models import Catchment
from navigator.referrals.public_views import SELF_REFERRALS

START = "/refer-yourself/"
SENT = "/refer-yourself/sent/"
TEST_CLIENT_ADDRESS = "127.0.0.1"


def make_catchment(
    organisation: Organisation,
    districts: str = "",
    practices: tuple[GPPractice, ...] = (),
    *,
    takes_self_referrals: bool = True,
) -> Catchment:
    catchment = Catchment.objects.create(
        organisation=organisation,
        postcode_districts=districts,
        takes_self_referrals=takes_self_referrals,
    )
    catchment.gp_practices.set(practices)
    return catchment


def forget_submissions(ip_address: str = TEST_CLIENT_ADDRESS) -> None:
    cache.delete(SELF_REFERRALS.key(ip_address))


def form_data(**changes: Any) -> dict[str, Any]:
    """A complete self-referral as the browser posts it; `changes` override or (None) remove."""
    data: dict[str, Any] = {
        "given_name": "Maya",
        "family_name": "Lindqvist",
        "date_of_birth_day": "3",
        "date_of_birth_month": "11",
        "date_of_birth_year": "1952",
        "postcode": "ls6 2ab",
        "phone": "0113 496 0000",
        "email": "",
        "preferred_contact_method": "phone",
        "preferred_contact_times": "Mornings",
        "gp_practice": "",
        "reasons": ["Loneliness or isolation"],
        "reason_details": "Since my husband died I hardly see anyone",
        "risks": "",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
