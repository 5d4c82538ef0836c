"""The public self-referral page. Nobody signs in, so the organisation scope of these requests
is empty: routing reads only public data (catchments, organisations, GP practices), and the one
write happens in `receive_self_referral`, the only place that leaves the scope.

Nothing anyone typed is ever shown back except in their own form while they correct it, and
the acknowledgement shows only the reference, and only to the browser session that sent it.
"""

import secrets

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation
from navigator.core import messages
from navigator.core.clients import client_ip
from navigator.core.ratelimit import RateLimit
from navigator.referrals import services
from navigator.referrals.models import Referral, ReferralReason
from navigator.referrals.public_forms import SelfReferralForm
from navigator.referrals.public_selectors import services_for

SUBMISSIONS_PER_HOUR = 5
RATE_WINDOW_SECONDS = 60 * 60
MAX_REQUEST_BYTES = 32 * 1024  # the whole form, full to every field's limit, is under 12 KB
SESSION_KEY = "self_referral_sent"
FORM = "referrals/public/form.jinja"


def receive_self_referral(*, organisation: Organisation, form: SelfReferralForm) -> Referral:
    """Record a valid self-referral in `organisation`'s triage queue. Ticked help topics become
    the organisation's own referral reasons where it has them; the rest go into the details."""
    data = form.referral_data()
    ticked = form.cleaned_data["reasons"]
    with scopes_disabled():
        reasons = list(
            ReferralReason.objects.filter(organisation=organisation, active=True, name__in=ticked)
        )
        unmatched = [name for name in ticked if name not in {r.name for r in reasons}]
        if unmatched:
            ticked_text = "Also ticked on the form: " + ", ".join(unmatched)
            data["reason_details"] = "\n\n".join(
                filter(None, [data["reason_details"], ticked_text])
            )
        referral = services.receive_referral(organisation=organisation, data=data, reasons=reasons)
        messages.acknowledge_self_referral(referral=referral)
        return referral


SELF_REFERRALS = RateLimit("self-referral", SUBMISSIONS_PER_HOUR, RATE_WINDOW_SECONDS)


def count_submission(request: HttpRequest) -> None:
    SELF_REFERRALS.count(client_ip(request))


def _refusal(request: HttpRequest) -> HttpResponse | None:
    """A page refusing the submission outright, or None to go on."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_REQUEST_BYTES + 1
    if length > MAX_REQUEST_BYTES:
        return render(request, "referrals/public/too_large.jinja", status=413)
    if SELF_REFERRALS.reached(client_ip(request)):
        return render(request, "referrals/public/too_many.jinja", status=429)
    return None


def _made_up_reference() -> str:
    """A reference that looks real, for a robot; no database lookup."""
    alphabet = services.REFERENCE_ALPHABET
    return "".join(secrets.choice(alphabet) for _ in range(services.REFERENCE_LENGTH))


def _acknowledge(request: HttpRequest, reference: str, service: str) -> HttpResponse:
    request.session[SESSION_KEY] = {"reference": reference, "service": service}
    return redirect("self_referral:sent")


def start(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, FORM, {"form": SelfReferralForm()})
    refusal = _refusal(request)
    if refusal:
        return refusal
    form = SelfReferralForm(request.POST)
    if form.is_robot:
        # Filled in by a robot: look as if it worked, and keep nothing.
        count_submission(request)
        return _acknowledge(request, _made_up_reference(), "")
    if not form.is_valid():
        return render(request, FORM, {"form": form})
    data = form.cleaned_data
    matches = services_for(gp_practice=data["gp_practice"], postcode=data["postcode"])
    if not matches:
        return render(request, "referrals/public/no_service.jinja")
    organisation = matches[0] if len(matches) == 1 else form.offer_services(matches)
    if organisation is None:
        return render(request, FORM, {"form": form})
    referral = receive_self_referral(organisation=organisation, form=form)
    count_submission(request)
    return _acknowledge(request, referral.reference, organisation.name)


def sent(request: HttpRequest) -> HttpResponse:
    """The acknowledgement, for the session that sent the referral and nobody else."""
    acknowledged = request.session.get(SESSION_KEY)
    if not acknowledged:
        return redirect("self_referral:start")
    return render(
        request,
        "referrals/public/sent.jinja",
        {"reference": acknowledged["reference"], "service": acknowledged["service"]},
    )
