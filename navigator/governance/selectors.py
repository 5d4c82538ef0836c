"""Reads of information governance: the review lists and their counts."""

from django.db.models import Count, QuerySet

from navigator.governance.models import DestructionReview, ReviewStatus


def reviews(status: str) -> QuerySet[DestructionReview]:
    return DestructionReview.objects.filter(status=status).select_related(
        "person", "held_by", "approved_by"
    )


def review_counts() -> dict[str, int]:
    counted = DestructionReview.objects.values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(ReviewStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in counted})
    return counts
