"""Every form is taken once per form instance: re-sending it (a double click, the back
button, a refresh, a slow connection's retry) makes nothing twice.

Each `<form method="post">` Navigator serves gets a hidden one-time token of its own as the
page goes out. A POST carrying a token runs in one transaction that first inserts the token
into `FormSubmission`, whose unique constraint does the work: a second POST of the same form
instance, at once or later, fails that insert (on PostgreSQL it waits for the first to
commit), makes nothing, and is sent where the first was. A form shown again with errors has
made nothing, so its token is released and the corrected form is taken as usual. Requests
without a token (API clients, tests that build their own posts) pass through unchanged.
"""

import re
import uuid
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from navigator.core.models import FormSubmission

TOKEN_FIELD = "form_token"
MADE = "once_made_without_redirect"
POST_FORM = re.compile(rb"<form\b[^>]*\bmethod=([\"']?)post\1[^>]*>", re.IGNORECASE)


def made_without_redirect(request: HttpRequest) -> None:
    """Said by a view that made something but answers with a page, not a redirect (a secret
    shown only once): the form is then taken, and sending it again goes back to the form."""
    setattr(request, MADE, True)


def _token(request: HttpRequest) -> uuid.UUID | None:
    if request.method != "POST":
        return None
    try:
        return uuid.UUID(request.POST.get(TOKEN_FIELD, ""))
    except ValueError:
        return None


def _with_tokens(response: HttpResponse) -> HttpResponse:
    """Give each POST form of an HTML page a token of its own."""
    if (
        response.streaming
        or not response.get("Content-Type", "").startswith("text/html")
        or b"<form" not in response.content
    ):
        return response

    def add_token(match: re.Match) -> bytes:
        hidden = f'<input type="hidden" name="{TOKEN_FIELD}" value="{uuid.uuid4()}">'
        return match.group(0) + hidden.encode()

    response.content = POST_FORM.sub(add_token, response.content)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response


class OnceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _token(request)
        response = self._once(request, token) if token else self.get_response(request)
        return _with_tokens(response)

    def _once(self, request: HttpRequest, token: uuid.UUID) -> HttpResponse:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    submission = FormSubmission.objects.create(token=token)
            except IntegrityError:
                first = FormSubmission.objects.filter(token=token).first()
                return HttpResponseRedirect((first and first.redirect_to) or request.path)
            response = self.get_response(request)
            if transaction.get_rollback():
                return response  # the view's failure undoes the token with everything else
            if response.status_code in (301, 302, 303) and response.get("Location"):
                submission.redirect_to = response["Location"][:2000]
            elif getattr(request, MADE, False):
                submission.redirect_to = request.path
            else:
                submission.delete()
                return response
            submission.save(update_fields=["redirect_to"])
        return response
