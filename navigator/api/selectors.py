"""Reads of API clients. Scoping to the user's organisation comes from the scoped manager."""

from django.db.models import QuerySet

from navigator.api.models import ApiClient


def api_clients() -> QuerySet[ApiClient]:
    """The organisation's clients, live ones first."""
    return ApiClient.objects.select_related("created_by").order_by("revoked_at", "name", "pk")
