"""The managers' API client pages, and the OAuth 2.0 token endpoint the clients call."""

import base64
import binascii
from urllib.parse import unquote_plus

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from navigator.accounts.http import SignedInRequest, own_organisation
from navigator.accounts.permissions import Permission
from navigator.api import selectors, services
from navigator.api.forms import ApiClientForm, RevokeForm
from navigator.api.models import ApiClient
from navigator.core import once
from navigator.core.views import requires


@requires(Permission.MANAGE_API_CLIENTS)
def client_list(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "api/client_list.jinja",
        {"clients": selectors.api_clients(), "localtime": timezone.localtime},
    )


@never_cache
@requires(Permission.MANAGE_API_CLIENTS)
def client_create(request: SignedInRequest) -> HttpResponse:
    form = ApiClientForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        new = services.create_client(
            organisation=own_organisation(request),
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
        )
        # Shown in this answer only, never kept: reloading cannot show it again.
        once.made_without_redirect(request)
        return render(
            request, "api/client_secret.jinja", {"client": new.client, "secret": new.secret}
        )
    return render(request, "api/client_form.jinja", {"form": form})


@requires(Permission.MANAGE_API_CLIENTS)
def client_revoke(request: SignedInRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(ApiClient, pk=pk)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.revoke_client(client=client)
        messages.success(request, f"{client.name} can no longer call Navigator")
        return redirect("api:client_list")
    return render(
        request,
        "api/client_revoke.jinja",
        {"client": client, "form": form, "localtime": timezone.localtime},
    )


# The token endpoint (RFC 6749 section 4.4) -------------------------------------------------------


def _oauth_error(error: str, description: str, status: int = 400) -> JsonResponse:
    response = JsonResponse({"error": error, "error_description": description}, status=status)
    response["Cache-Control"] = "no-store"
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="navigator"'
    return response


def _basic_credentials(request: HttpRequest) -> tuple[str, str] | None:
    kind, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if kind.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, _, secret = decoded.partition(":")
    return unquote_plus(client_id), unquote_plus(secret)


@csrf_exempt
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    """Client credentials in, a short-lived bearer token out."""
    if request.POST.get("grant_type") != "client_credentials":
        return _oauth_error("unsupported_grant_type", "Use grant_type=client_credentials")
    client_id, secret = _basic_credentials(request) or (
        request.POST.get("client_id", ""),
        request.POST.get("client_secret", ""),
    )
    if not client_id or not secret:
        return _oauth_error(
            "invalid_request", "Send client_id and client_secret, or HTTP Basic authentication"
        )
    wait = services.seconds_until_allowed(f"token:{client_id}")
    if wait:
        response = _oauth_error("slow_down", f"Too many token requests: wait {wait} seconds", 429)
        response["Retry-After"] = str(wait)
        return response
    try:
        issued = services.issue_token(
            client_id=client_id, secret=secret, scope=request.POST.get("scope", "")
        )
    except services.ClientRefused as refusal:
        status = 401 if refusal.error == "invalid_client" else 400
        return _oauth_error(refusal.error, refusal.description, status)
    response = JsonResponse(
        {
            "access_token": issued.token,
            "token_type": "Bearer",
            "expires_in": int((issued.access.expires_at - issued.access.issued_at).total_seconds()),
            "scope": " ".join(issued.access.scopes),
        }
    )
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response
