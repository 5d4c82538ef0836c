from django.db.models import QuerySet

from navigator.audit.models import AuditEvent


def events_about_person(person_ids: list[int]) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(person_id__in=person_ids).select_related("actor")


def events_by_user(user_id: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(actor_id=user_id).select_related("actor")
