"""Reads for targeted outreach. Scoping to the user's organisation comes from the scoped
manager."""

import datetime

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from navigator.outreach.models import CallAttempt, Cohort, CohortMember, MemberStatus

DUE, NOT_SET, LATER = 0, 1, 2


def call_list(now: datetime.datetime | None = None) -> QuerySet[CohortMember]:
    """Everyone on an open call list, in the order to call them: call-backs that are due
    (earliest first), then people with no call-back arranged (longest since the last attempt,
    never-tried first, then longest on the list), then call-backs arranged for later."""
    now = now or timezone.now()
    return (
        CohortMember.objects.filter(status=MemberStatus.ON_LIST)
        .select_related("cohort")
        .annotate(
            call_back_priority=Case(
                When(call_back_at__lte=now, then=Value(DUE)),
                When(call_back_at__isnull=True, then=Value(NOT_SET)),
                default=Value(LATER),
                output_field=IntegerField(),
            )
        )
        .order_by(
            "call_back_priority",
            "call_back_at",
            F("last_attempt_at").asc(nulls_first=True),
            "created_at",
            "pk",
        )
    )


def cohorts() -> QuerySet[Cohort]:
    """Cohorts, newest first, with how many of their members are in each state."""
    return (
        Cohort.objects.select_related("uploaded_by")
        .annotate(
            member_count=Count("members"),
            on_list_count=Count("members", filter=Q(members__status=MemberStatus.ON_LIST)),
            left_count=Count("members", filter=Q(members__status=MemberStatus.LEFT_LIST)),
            referred_count=Count("members", filter=Q(members__status=MemberStatus.WANTS_SUPPORT)),
        )
        .order_by("-uploaded_at", "-pk")
    )


def attempts_for(member: CohortMember) -> QuerySet[CallAttempt]:
    return CallAttempt.objects.filter(member=member).select_related("by")
