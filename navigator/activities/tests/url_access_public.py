"""The pages a provider without a login, or the person referred, opens by an e-mailed secure
link: open to anyone holding a live link, signed in or not (opening does not spend it)."""

import datetime

from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.core.tests.test_url_permissions import PUBLIC, Row
from navigator.links.models import Purpose
from navigator.links.services import issue_link

WEEK = datetime.timedelta(days=7)


def build_world(organisation) -> dict:
    activity_referral = ActivityReferralFactory(person__organisation=organisation)
    return {
        "answer_token": issue_link(
            purpose=Purpose.PROVIDER_RESPONSE, target=activity_referral, valid_for=WEEK
        ).token,
        "attendance_token": issue_link(
            purpose=Purpose.PROVIDER_ATTENDANCE, target=activity_referral, valid_for=WEEK
        ).token,
        "person_attendance_token": issue_link(
            purpose=Purpose.PERSON_ATTENDANCE, target=activity_referral, valid_for=WEEK
        ).token,
    }


ROWS = {
    "activities:provider_response": Row(
        PUBLIC, lambda world: {"token": world.extra["answer_token"]}
    ),
    "activities:provider_attendance": Row(
        PUBLIC, lambda world: {"token": world.extra["attendance_token"]}
    ),
    # The person's own "did you go?" page.
    "activities:person_attendance": Row(
        PUBLIC, lambda world: {"token": world.extra["person_attendance_token"]}
    ),
}
