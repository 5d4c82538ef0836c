"""Reads for the public self-referral page: which service a person is routed to.

Catchments, organisations and GP practices are public routing data, not organisation-scoped,
so these queries need no scope."""

from django.db.models import QuerySet

from navigator.accounts.models import Organisation
from navigator.core.validators import postcode_district
from navigator.people.models import OPEN_PRACTICE_STATUSES, GPPractice
from navigator.referrals.models import Catchment


def open_catchments() -> QuerySet[Catchment]:
    return Catchment.objects.filter(takes_self_referrals=True).select_related("organisation")


def served_gp_practices() -> QuerySet[GPPractice]:
    """Open GP practices that some service taking self-referrals covers, for the practice
    list."""
    return GPPractice.objects.filter(
        catchments__takes_self_referrals=True, status__in=OPEN_PRACTICE_STATUSES
    ).distinct()


def services_for(*, gp_practice: GPPractice | None, postcode: str) -> list[Organisation]:
    """The services a person can refer themselves to, best match first: those covering their
    GP practice, or else those covering the district (outward code) of their postcode."""
    catchments = open_catchments().order_by("organisation__name")
    if gp_practice is not None:
        by_practice = [c.organisation for c in catchments.filter(gp_practices=gp_practice)]
        if by_practice:
            return by_practice
    district = postcode_district(postcode).upper()
    if not district:
        return []
    return [c.organisation for c in catchments if district in c.districts()]
