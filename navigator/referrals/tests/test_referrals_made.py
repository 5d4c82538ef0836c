"""A referrer opens each referral they made and sees where it has got to; never anybody
else's."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.audit.context import Actor, acting_as
from navigator.referrals import services
from navigator.referrals.states import State

pytestmark = pytest.mark.django_db
MADE = reverse("referrals:made")


def referral_by(user, given_name: str):
    with acting_as(Actor(user=user)):
        return services.receive_referral(
            organisation=user.organisation,
            data={
                "given_name": given_name,
                "family_name": "Quillfeather",
                "date_of_birth": "1950-01-02",
                "source_type": "primary_care",
            },
        )


def test_a_referrer_opens_their_referral(signed_in, user_with_role, manager) -> None:
    referrer = user_with_role(Role.REFERRER)
    mine = referral_by(referrer, "Wren")
    with acting_as(Actor(user=manager)):
        services.move(referral=mine, to=State.DECLINED, changes={"decline_reason": "other"})
    client = signed_in(referrer)

    listing = client.get(MADE).content.decode()
    assert f'href="?referral={mine.pk}#opened"' in listing

    opened = client.get(MADE, {"referral": mine.pk}).content.decode()
    assert f"Referral {mine.reference}: declined" in opened
    assert "Wren Quillfeather" in opened
    assert ": received</li>" in opened and ": declined</li>" in opened


def test_nobody_elses_referral_opens(signed_in, user_with_role, manager) -> None:
    referrer = user_with_role(Role.REFERRER)
    theirs = referral_by(manager, "Bryony")
    response = signed_in(referrer).get(MADE, {"referral": theirs.pk})
    assert response.status_code == 404
