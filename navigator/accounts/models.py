from typing import TYPE_CHECKING, ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower

from navigator.accounts.permissions import STAFF_ROLES, Permission, Role, role_has
from navigator.core.scoping import OrganisationScoped


class Organisation(models.Model):
    """One social prescribing service; the owner of every record holding personal data."""

    name = models.CharField(max_length=200, unique=True)
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    require_two_factor = models.BooleanField(
        "Require two-factor sign-in for staff",
        default=False,
        help_text="Link workers, managers and volunteers must set up an authenticator app.",
    )
    # A commissioning organisation's commissioners see aggregate reports of these services.
    funds = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="funded_by",
        blank=True,
        verbose_name="Services this organisation commissions",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(OrganisationScoped):
    """A group of staff inside one organisation (a locality, a practice cluster): managers
    see caseloads and reports by team. A referral counts for the team of its link worker."""

    name = models.CharField(max_length=100)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("name"), name="accounts_team_name_unique_in_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. Authentication looks users up unscoped by username, so views
    reach users through `navigator.accounts.selectors.users_visible_to` instead."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    # Must be a team of the user's own organisation: services.check_team says so in words,
    # and on PostgreSQL a foreign key on (team, organisation) refuses anything else.
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    # Counts saves through the account form, for optimistic concurrency (core/concurrency.py).
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar[UserManager[Self]] = UserManager()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(role=Role.ADMINISTRATOR),
                name="only_administrators_without_organisation",
            ),
            # A team belongs to an organisation, so someone without one has no team.
            models.CheckConstraint(
                condition=models.Q(team__isnull=True) | models.Q(organisation__isnull=False),
                name="accounts_user_team_needs_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def can(self, permission: Permission | str) -> bool:
        # A plain string too: core's `requires` and header, below accounts, hold a permission by
        # its value (a Permission is that string).
        return (
            self.is_authenticated and self.is_active and role_has(self.role, Permission(permission))
        )

    if TYPE_CHECKING:
        # django-otp's OTPMiddleware gives each request's user this (True once the second factor
        # is entered); a user read from the database has none. django-otp has no types.
        def is_verified(self) -> bool: ...

    @property
    def must_use_two_factor(self) -> bool:
        # An administrator manages every organisation, so always needs the second factor.
        return self.role == Role.ADMINISTRATOR or bool(
            self.role in STAFF_ROLES
            and self.organisation is not None
            and self.organisation.require_two_factor
        )


def team_mismatch(*, team: Team | None, organisation: Organisation | None) -> str:
    """Why `team` cannot be the team of a user of `organisation`; "" when it can."""
    if team is None or team.organisation_id == getattr(organisation, "pk", None):
        return ""
    if organisation is None:
        return "An administrator belongs to no organisation, so has no team"
    return f"{team.name} is a team of another organisation: choose a team of {organisation}"
