"""Messaging pages: what was sent (or, in development, would have been), and the two
addresses GOV.UK Notify calls back: delivery receipts and texts people send in reply."""

import hmac
import json
from collections import defaultdict
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from navigator.accounts.models import Organisation
from navigator.accounts.permissions import Permission
from navigator.audit import services as audit
from navigator.contacts import gp_letter
from navigator.contacts.models import GPMessage
from navigator.core.concurrency import StaleEditError, save_unless_stale
from navigator.core.views import paginate, posted, requires
from navigator.messaging import selectors, services, wording
from navigator.messaging.forms import LanguageWordingForm, RemoveWordingForm, WordingForm
from navigator.messaging.models import Kind, TextWording
from navigator.referrals.models import Referral


@requires(Permission.VIEW_PEOPLE)
def outbox(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.outbox())
    audit.record_many(
        action="viewed",
        instances=list(page.object_list),
        person_id=lambda message: getattr(message, "person_id", None),
    )
    return render(
        request,
        "messaging/outbox.jinja",
        {"page": page, "development": not settings.NOTIFY_API_KEY},
    )


def _from_notify(request: HttpRequest) -> bool:
    """GOV.UK Notify sends the bearer token set for the service's callbacks. Without a token
    configured nothing is accepted."""
    expected = settings.NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(expected) and hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())


def _callback(
    handle: Callable[[dict[str, Any]], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> HttpResponse:
        if not _from_notify(request):
            return JsonResponse({"error": "Not authorised"}, status=401)
        try:
            payload = json.loads(request.body)
        except ValueError:
            return JsonResponse({"error": "The body is not JSON"}, status=400)
        if not isinstance(payload, dict):
            return JsonResponse({"error": "The body is not a JSON object"}, status=400)
        return handle(payload)

    view.__name__ = handle.__name__
    return view


def _receipt(payload: dict[str, Any]) -> HttpResponse:
    message = services.record_receipt(
        provider_id=str(payload.get("id", "")),
        reference=str(payload.get("reference") or ""),
        provider_status=str(payload.get("status", "")),
    )
    # Notify retries a callback that fails: a receipt for a message we do not know (deleted
    # with its person) is still answered 200, so that it stops.
    return JsonResponse({"known": message is not None})


def _received_text(payload: dict[str, Any]) -> HttpResponse:
    done = services.record_received_text(
        phone=str(payload.get("source_number", "")), text=str(payload.get("message", ""))
    )
    return JsonResponse({"done": done})


delivery_receipt = _callback(_receipt)
received_text = _callback(_received_text)


def _measured(kind: str, text: str, service: str, language: str = "") -> dict:
    """The text as a person gets it, its length, and the code of its language when known."""
    shown = wording.sample(kind, text, service)
    return {
        "text": text,
        "sample": shown,
        "length": wording.text_length(shown),
        "lang": wording.language_code(language),
    }


@requires(Permission.MANAGE_OWN_ORGANISATION)
def wording_list(request: HttpRequest) -> HttpResponse:
    """Each type of text: its main wording and those in other languages."""
    organisation = getattr(request.user, "organisation", None)
    if organisation is None:
        return _no_organisation(request)
    others = defaultdict(list)
    for other in selectors.language_wordings(organisation_id=organisation.pk):
        measured = _measured(other.kind, other.body, organisation.name, other.language)
        others[other.kind].append((other, measured))
    rows = [
        (
            kind,
            _measured(
                kind,
                wording.wording_for(organisation_id=organisation.pk, kind=kind),
                organisation.name,
            ),
            others[kind],
        )
        for kind in map(Kind, wording.DEFAULT_TEXTS)
    ]
    return render(
        request, "messaging/wording_list.jinja", {"rows": rows, "organisation": organisation}
    )


def _no_organisation(request: HttpRequest) -> HttpResponse:
    """Administrators belong to no organisation: the page says who words the texts."""
    return render(request, "messaging/wording_list.jinja", {"rows": [], "organisation": None})


def _text_page(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """A page about one type of text (`kind` in its address), of the user's organisation, for
    staff who may manage it. Texts only: e-mails to organisations have no wording to edit.
    Administrators belong to no organisation: the page says who words the texts."""

    @requires(Permission.MANAGE_OWN_ORGANISATION)
    @wraps(view)
    def page(request: HttpRequest, kind: str, **kwargs: Any) -> HttpResponse:
        if kind not in wording.DEFAULT_TEXTS:
            raise Http404
        organisation = getattr(request.user, "organisation", None)
        if organisation is None:
            return _no_organisation(request)
        return view(request, organisation, Kind(kind), **kwargs)

    return page


def _wording_page(request: HttpRequest, **context: Any) -> HttpResponse:
    """The page of one wording (main or in another language) with its preview."""
    kind = context["kind"]
    return render(
        request,
        "messaging/wording_edit.jinja",
        {
            "placeholders": sorted(wording.PLACEHOLDERS[kind] | {"service"}),
            "limit": wording.MAX_TEXT_LENGTH,
            "refusal": None,
            **context,
        },
    )


@_text_page
def wording_edit(request: HttpRequest, organisation: Organisation, kind: Kind) -> HttpResponse:
    current = wording.wording_for(organisation_id=organisation.pk, kind=kind)
    version = selectors.wording_version(organisation_id=organisation.pk, kind=kind)
    form = WordingForm(posted(request), kind=kind, initial={"body": current, "version": version})
    preview = _measured(kind, current, organisation.name)
    refusal = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["body"]
        if request.POST.get("action") == "save":
            refusal = save_unless_stale(
                form,
                lambda expected_version: services.save_wording(
                    organisation_id=organisation.pk,
                    kind=kind,
                    body=text,
                    expected_version=expected_version,
                ),
            )
            if refusal is None:
                messages.success(request, f"“{kind.label}” text saved")
                return redirect("messaging:wording_list")
        preview = _measured(kind, text, organisation.name)
    return _wording_page(
        request,
        title=f"{kind.label}: text message",
        form=form,
        kind=kind,
        preview=preview,
        reference=f"The default wording is: “{wording.DEFAULT_TEXTS[kind]}”. "
        "Save the default's words to go back to it.",
        refusal=refusal,
    )


def _language_wording_or_404(organisation: Organisation, kind: Kind, pk: int) -> TextWording:
    """One of the organisation's wordings in another language (never its main one)."""
    return get_object_or_404(
        TextWording.objects.filter(organisation=organisation, kind=kind).exclude(language_key=""),
        pk=pk,
    )


@_text_page
def wording_language_add(
    request: HttpRequest, organisation: Organisation, kind: Kind
) -> HttpResponse:
    """A wording of one type of text in another language, started from the main wording."""
    return _language_wording(request, organisation, kind, None)


@_text_page
def wording_language_edit(
    request: HttpRequest, organisation: Organisation, kind: Kind, pk: int
) -> HttpResponse:
    text_wording = _language_wording_or_404(organisation, kind, pk)
    return _language_wording(request, organisation, kind, text_wording)


def _language_wording(
    request: HttpRequest, organisation: Organisation, kind: Kind, text_wording: TextWording | None
) -> HttpResponse:
    """Adding (`text_wording` None) or changing a wording in another language: checked as
    the main wording is; a change from a page opened before someone else's save is refused,
    showing both; a language the organisation already has a wording in is refused."""
    main = wording.wording_for(organisation_id=organisation.pk, kind=kind)
    initial: dict[str, Any]
    if text_wording is None:
        initial = {"body": main}
    else:
        initial = {
            "language": text_wording.language,
            "body": text_wording.body,
            "version": text_wording.version,
        }
    form = LanguageWordingForm(posted(request), kind=kind, initial=initial)
    preview = _measured(kind, initial["body"], organisation.name, initial.get("language", ""))
    refusal = None
    if request.method == "POST" and form.is_valid():
        text, language = form.cleaned_data["body"], form.cleaned_data["language"]
        if request.POST.get("action") == "save":
            try:
                if text_wording is None:
                    services.add_language_wording(
                        organisation_id=organisation.pk, kind=kind, language=language, body=text
                    )
                else:
                    refusal = save_unless_stale(
                        form,
                        lambda expected_version: services.change_language_wording(
                            text_wording=text_wording,
                            language=language,
                            body=text,
                            expected_version=expected_version,
                        ),
                    )
            except services.WordingExists:
                form.add_error(
                    "language",
                    f"There is already a {language} wording of this text: change that one",
                )
            else:
                if refusal is None:
                    messages.success(request, f"{language} wording of “{kind.label}” saved")
                    return redirect("messaging:wording_list")
        preview = _measured(kind, text, organisation.name, language)
    named = text_wording.language if text_wording else "another language"
    return _wording_page(
        request,
        title=f"{kind.label}: text message in {named}",
        form=form,
        kind=kind,
        preview=preview,
        reference=f"The main wording is: “{main}”.",
        refusal=refusal,
        languages=selectors.languages_recorded(organisation_id=organisation.pk),
    )


@_text_page
def wording_language_remove(
    request: HttpRequest, organisation: Organisation, kind: Kind, pk: int
) -> HttpResponse:
    """Removing a wording in another language: its people get the main wording again. A
    removal confirmed on a page opened before someone changed the wording is refused, and the
    page shows the wording as it is now, to remove again if it still should go."""
    text_wording = _language_wording_or_404(organisation, kind, pk)
    form = RemoveWordingForm(posted(request), initial={"version": text_wording.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_language_wording(
                text_wording=text_wording, expected_version=form.cleaned_data["version"] or 0
            )
        except StaleEditError as error:
            text_wording = error.current
            form.data = cast(QueryDict, form.data).copy()  # the form was posted
            form.data["version"] = text_wording.version
            form.add_error(
                None,
                "Someone changed this wording while you had this page open, so it was not "
                "removed. Check the wording as it is now, then remove it again if it should go",
            )
        else:
            messages.success(
                request,
                f"{text_wording.language} wording of “{kind.label}” removed: people whose "
                "language it is get the main wording",
            )
            return redirect("messaging:wording_list")
    return render(
        request,
        "messaging/wording_remove.jinja",
        {
            "form": form,
            "kind": kind,
            "text_wording": text_wording,
            "measured": _measured(
                kind, text_wording.body, organisation.name, text_wording.language
            ),
        },
    )


@requires(Permission.WORK_CASELOAD)
def message_back(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the closed case's message back to the GP goes, and sending it there: by e-mail,
    the letter attached, to the GP practice and the referrer; or why it cannot be, and the
    letter to download and send another way."""
    referral: Referral = get_object_or_404(
        Referral.objects.select_related(
            "person__gp_practice", "gp_practice", "organisation", "allocated_to"
        ),
        pk=pk,
    )
    gp_message = get_object_or_404(GPMessage, referral=referral)
    if request.method == "POST":
        letter = gp_letter.render_letter(request, referral, gp_message.content)
        try:
            sent = services.send_message_back(
                referral=referral, letter=letter, filename=gp_letter.filename(referral)
            )
        except services.MessageBackRefused as refusal:
            messages.error(request, str(refusal))
        else:
            names = " and ".join(message.addressee for message in sent)
            messages.success(request, f"The message back is on its way to {names}")
        return redirect("messaging:message_back", pk=referral.pk)
    audit.record_view(gp_message, person_id=referral.person_id)
    destinations = selectors.message_back_destinations(referral)
    return render(
        request,
        "messaging/message_back.jinja",
        {
            "referral": referral,
            "destinations": destinations,
            "can_send": any(destination.can_send for destination in destinations),
        },
    )
