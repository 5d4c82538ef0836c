"""Secure links sent about a person (questionnaires, feedback, activity referrals), for subject
access and destruction: destruction revokes each link and forgets where it was sent."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from navigator.core.person_data import Held, person_data, register_person_data
from navigator.links.models import SecureLink


def links_about(ids: list[int]):
    """Links to any record held about the person (a case, a questionnaire, an activity
    referral): whatever a link points at, if the registry holds it, the link is theirs."""
    about = Q(pk__in=[])
    for entry in person_data():
        if entry.rows is links_about:
            continue
        model = entry.model
        if not isinstance(model._meta.pk, models.AutoField):
            continue
        targets = entry.rows(ids).values("pk")
        about |= Q(target_type=ContentType.objects.get_for_model(model), target_id__in=targets)
    return SecureLink.objects.filter(about)


def _revoked(link: SecureLink):
    return link.revoked_at or timezone.now()


register_person_data(
    Held(
        "Secure links sent",
        links_about,
        erase={"sent_to": "", "revoked_at": _revoked},
        hidden=("token_digest",),
    )
)
