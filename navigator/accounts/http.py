"""The request of a page only a signed-in user can reach.

Django types `request.user` as a `User` or an `AnonymousUser`, because a request may come from
anyone. A view behind `core.views.requires(...)` or `login_required` is only ever called with a
signed-in user (anyone else is sent to sign in first), so it declares its request as a
`SignedInRequest` and reads `request.user.organisation` without checking for the anonymous
user again (django-stubs' advice for such views). The type is only a promise: the decorator
keeps it, so a view that anyone may reach (self-referral, a secure link, the sign-in pages)
keeps `HttpRequest`.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from navigator.accounts.models import Organisation, User


class SignedInRequest(HttpRequest):
    user: User


def own_organisation(request: SignedInRequest) -> Organisation:
    """The signed-in user's organisation, on a page only a service's staff reach. Everyone but
    an administrator belongs to one (the database says so) and those pages' permissions leave
    administrators out; were one to arrive, they are refused (403), as by the permission."""
    organisation = request.user.organisation
    if organisation is None:
        raise PermissionDenied
    return organisation


def own_organisation_id(request: SignedInRequest) -> int:
    """The id of `own_organisation(request)`, read without fetching the organisation."""
    if request.user.organisation_id is None:
        raise PermissionDenied
    return request.user.organisation_id
