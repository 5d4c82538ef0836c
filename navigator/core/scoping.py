"""Organisation scoping: the one place that decides which rows a request may touch.

Every model holding personal data inherits `OrganisationScoped`. Its default manager is a
django-scopes manager: inside a request, `OrganisationScopeMiddleware` activates the signed-in
user's organisation, so `Person.objects.get(pk=…)` for another organisation's record raises
DoesNotExist (a 404 in views) without any view remembering to filter. Outside a scope (for
example in a management command) a query raises ScopeError unless the code says
`scopes_disabled()` on purpose.
"""

from typing import Any

from django.db import models
from django_scopes import ScopedManager, scope

SCOPE_DIMENSION = "organisation"
NO_ORGANISATION: list[int] = []  # a scope that matches nothing (`organisation__in=[]`)


class OrganisationScoped(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        abstract = True


def organisation_scope(user: Any) -> Any:
    """The context manager that limits queries to what `user` may see."""
    organisation_id = getattr(user, "organisation_id", None) if user.is_authenticated else None
    return scope(organisation=organisation_id if organisation_id else NO_ORGANISATION)
