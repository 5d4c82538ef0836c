"""Rows of the project's permission table (navigator/core/tests/test_url_permissions.py) for
the referral pages, and the objects they need. Imported by that module while it loads: Row is
defined by then."""

from navigator.accounts.permissions import Permission
from navigator.core.tests.test_url_permissions import Row, World
from navigator.referrals.tests.factories import ReferralFactory, ReferralReasonFactory


def build_world(organisation) -> dict:
    return {
        "referral": ReferralFactory(organisation=organisation),
        "reason": ReferralReasonFactory(organisation=organisation),
    }


def referral(world: World) -> dict:
    return {"pk": world.extra["referral"].pk}


ROWS: dict[str, Row] = {
    "referrals:queue": Row(Permission.TRIAGE_REFERRALS),
    "referrals:create": Row(Permission.MAKE_REFERRALS),
    "referrals:sent": Row(Permission.MAKE_REFERRALS),
    "referrals:made": Row(Permission.MAKE_REFERRALS),
    "referrals:waiting_list": Row(Permission.TRIAGE_REFERRALS),
    "referrals:detail": Row(Permission.TRIAGE_REFERRALS, referral, has_object=True),
    "referrals:accept": Row(Permission.TRIAGE_REFERRALS, referral, has_object=True),
    "referrals:decline": Row(Permission.TRIAGE_REFERRALS, referral, has_object=True),
    "referrals:request_info": Row(Permission.TRIAGE_REFERRALS, referral, has_object=True),
    "referrals:info_received": Row(Permission.TRIAGE_REFERRALS, referral, has_object=True),
    "referrals:attach": Row(Permission.TRIAGE_REFERRALS, referral, has_object=True),
    "referrals:new_person": Row(Permission.TRIAGE_REFERRALS, referral, has_object=True),
    "referrals:allocate": Row(Permission.ALLOCATE_REFERRALS, referral, has_object=True),
    "referrals:wait": Row(Permission.ALLOCATE_REFERRALS, referral, has_object=True),
    "referrals:onward": Row(
        Permission.REFER_ONWARD, lambda world: {"person_pk": world.person.pk}, has_object=True
    ),
    "referrals:onward_sent": Row(
        Permission.REFER_ONWARD, lambda world: {"person_pk": world.person.pk}, has_object=True
    ),
    "referrals:reasons": Row(Permission.MANAGE_OWN_ORGANISATION),
    "referrals:reason_edit": Row(
        Permission.MANAGE_OWN_ORGANISATION,
        lambda world: {"pk": world.extra["reason"].pk},
        administrators_reach_everywhere=True,
        has_object=True,
    ),
    "referrals:emails": Row(Permission.MANAGE_OWN_ORGANISATION),
}
