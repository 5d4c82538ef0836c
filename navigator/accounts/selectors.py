from django.db.models import QuerySet

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Permission


def users_visible_to(user: User) -> QuerySet[User]:
    """Users a manager may manage: their own organisation's; an administrator sees all."""
    users = User.objects.select_related("organisation")
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
