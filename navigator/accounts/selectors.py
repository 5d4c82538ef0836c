from django.db.models import Prefetch, QuerySet

from navigator.accounts.models import Organisation, Team, User
from navigator.accounts.permissions import MATRIX, Permission

# The columns a user's name (`User.__str__`) is made of, for reading users with only them.
USER_NAME = ("first_name", "last_name", "username")


def with_names(*relations: str) -> tuple[str, ...]:
    """For `only()`: each relation to a user, and the columns of that user's name."""
    return tuple(
        column
        for relation in relations
        for column in (relation, *(f"{relation}__{name}" for name in USER_NAME))
    )


def users_visible_to(user: User) -> QuerySet[User]:
    """Users a manager may manage: their own organisation's; an administrator sees all."""
    users = User.objects.select_related("organisation", "team")
    if user.can(Permission.MANAGE_ALL_ORGANISATIONS):
        return users
    if user.can(Permission.MANAGE_USERS) and user.organisation_id:
        return users.filter(organisation_id=user.organisation_id)
    return users.none()


def organisations_visible_to(user: User) -> QuerySet[Organisation]:
    if user.can(Permission.MANAGE_ALL_ORGANISATIONS):
        return Organisation.objects.all()
    if user.can(Permission.MANAGE_OWN_ORGANISATION) and user.organisation_id:
        return Organisation.objects.filter(pk=user.organisation_id)
    return Organisation.objects.none()


def teams_visible_to(user: User) -> QuerySet[Team]:
    """Teams a user managing staff may see and change: their own organisation's; an
    administrator's, every organisation's. Administrators belong to no organisation, so their
    request scope holds no team: the organisation is chosen here instead, on purpose."""
    teams = Team.objects.with_scopes_disabled().select_related("organisation")
    if user.can(Permission.MANAGE_ALL_ORGANISATIONS):
        return teams.order_by("organisation__name", "name", "pk")
    if user.can(Permission.MANAGE_USERS) and user.organisation_id:
        return teams.filter(organisation_id=user.organisation_id)
    return teams.none()


def teams_with_members(user: User) -> QuerySet[Team]:
    """Teams visible to `user`, each with its active members: two queries in all."""
    members = User.objects.filter(is_active=True).order_by("first_name", "last_name", "pk")
    return teams_visible_to(user).prefetch_related(
        Prefetch("members", queryset=members, to_attr="active_members")
    )


def teams_of(organisation_id: int | None) -> QuerySet[Team]:
    """One organisation's teams, for choosing one (a report filter, the team view)."""
    if organisation_id is None:
        return Team.objects.none()
    return Team.objects.with_scopes_disabled().filter(organisation_id=organisation_id)


def users_without_team(user: User) -> QuerySet[User]:
    """Active staff of the user's organisation who are in no team yet."""
    if not user.organisation_id:
        return User.objects.none()
    return users_visible_to(user).filter(
        organisation_id=user.organisation_id, team__isnull=True, is_active=True
    )


def users_who_can(permission: Permission, organisation_id: int) -> QuerySet[User]:
    """The organisation's active users whose role holds `permission` (whom to tell of work
    waiting for that role)."""
    return User.objects.filter(
        organisation_id=organisation_id, is_active=True, role__in=MATRIX[permission]
    ).order_by("pk")
