"""Rows of the project's permission table (navigator/core/tests/test_url_permissions.py) for
the activity referral pages. Provider pages link the organisation's VCS provider users to the
activity referral's directory organisation when the URL is built (the users are made after the
world); a provider of another organisation is never linked, so gets 404."""

from navigator.accounts.models import User
from navigator.accounts.permissions import Permission, Role
from navigator.activities.tests.factories import (
    AccompanimentFactory,
    ActivityReferralFactory,
    VolunteerFactory,
)
from navigator.core.tests.test_url_permissions import Row, World
from navigator.directory.tests.factories import ServiceFactory


def build_world(organisation) -> dict:
    activity_referral = ActivityReferralFactory(person__organisation=organisation)
    return {
        "activity_referral": activity_referral,
        "accompaniment": AccompanimentFactory(activity_referral=activity_referral),
        "volunteer": VolunteerFactory(organisation=organisation),
        "service": ServiceFactory(),
    }


def activity_referral(world: World) -> dict:
    return {"pk": world.extra["activity_referral"].pk}


def provided(world: World) -> dict:
    activity_referral = world.extra["activity_referral"]
    providers = User.objects.filter(organisation=world.organisation, role=Role.VCS_PROVIDER)
    activity_referral.service.organisation.provider_users.add(*providers)
    return {"pk": activity_referral.pk, "status": "accepted"}


ROWS: dict[str, Row] = {
    "activities:person": Row(
        Permission.REFER_TO_ACTIVITIES, lambda world: {"pk": world.person.pk}, has_object=True
    ),
    "activities:choose_service": Row(
        Permission.REFER_TO_ACTIVITIES, lambda world: {"pk": world.person.pk}, has_object=True
    ),
    "activities:create": Row(
        Permission.REFER_TO_ACTIVITIES,
        lambda world: {"pk": world.person.pk, "service_pk": world.extra["service"].pk},
        has_object=True,
    ),
    "activities:take_away": Row(
        Permission.REFER_TO_ACTIVITIES,
        lambda world: {"pk": world.person.pk, "service_pk": world.extra["service"].pk},
        has_object=True,
    ),
    "activities:detail": Row(Permission.REFER_TO_ACTIVITIES, activity_referral, has_object=True),
    "activities:first_session": Row(
        Permission.REFER_TO_ACTIVITIES, activity_referral, has_object=True
    ),
    "activities:move": Row(
        Permission.REFER_TO_ACTIVITIES,
        lambda world: {**activity_referral(world), "status": "cancelled"},
        has_object=True,
    ),
    "activities:accompany": Row(Permission.REFER_TO_ACTIVITIES, activity_referral, has_object=True),
    "activities:outcome": Row(
        Permission.REFER_TO_ACTIVITIES,
        lambda world: {"pk": world.extra["accompaniment"].pk},
        has_object=True,
    ),
    "activities:inbox": Row(Permission.RESPOND_TO_ACTIVITY_REFERRALS),
    "activities:respond": Row(Permission.RESPOND_TO_ACTIVITY_REFERRALS, provided, has_object=True),
    "activities:volunteers": Row(Permission.REFER_TO_ACTIVITIES),
    "activities:volunteer": Row(
        Permission.REFER_TO_ACTIVITIES,
        lambda world: {"pk": world.extra["volunteer"].pk},
        has_object=True,
    ),
    "activities:visits": Row(Permission.SEE_OWN_ASSIGNMENTS),
    "activities:suggestions": Row(
        Permission.REFER_TO_ACTIVITIES, lambda world: {"pk": world.person.pk}, has_object=True
    ),
    "activities:preferences": Row(
        Permission.REFER_TO_ACTIVITIES, lambda world: {"pk": world.person.pk}, has_object=True
    ),
}
