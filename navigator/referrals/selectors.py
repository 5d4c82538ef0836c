from django.db.models import QuerySet

from navigator.referrals.models import Referral, Transition
from navigator.referrals.states import NEW_STATES, State


def triage_queue() -> QuerySet[Referral]:
    """New referrals waiting for the service to act, oldest first."""
    return Referral.objects.filter(state__in=NEW_STATES).order_by("received_at", "pk")


def waiting_list() -> QuerySet[Referral]:
    return Referral.objects.filter(state=State.WAITING).order_by("waiting_since", "pk")


def history(referral: Referral) -> QuerySet[Transition]:
    return referral.transitions.select_related("by")
