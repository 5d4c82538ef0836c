"""Referral pages: thin views; reads in selectors.py, writes in services.py."""

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_scopes import scopes_disabled

from navigator.accounts.http import SignedInRequest, own_organisation
from navigator.accounts.models import Organisation
from navigator.accounts.permissions import Permission
from navigator.audit import services as audit
from navigator.core.concurrency import save_unless_stale
from navigator.core.views import form_page, paginate, paginate_by_keys, posted, requires
from navigator.people import selectors as people_selectors
from navigator.people.models import Person
from navigator.referrals import selectors, services
from navigator.referrals.forms import (
    AllocateForm,
    AttachForm,
    DeclineForm,
    EmailTemplateForm,
    NoteForm,
    OnwardReferralForm,
    ReasonForm,
    ReferralForm,
    RequestInfoForm,
)
from navigator.referrals.models import Referral, ReferralReason
from navigator.referrals.states import OPEN_STATES, State, TransitionNotAllowed

SENT_KEY = "referrals:sent"


def _referral(pk: int) -> Referral:
    """A referral of the user's organisation (another organisation's does not exist)."""
    return get_object_or_404(
        Referral.objects.select_related("person", "gp_practice", "allocated_to", "organisation"),
        pk=pk,
    )


def _candidates(referral: Referral) -> list[Person]:
    if referral.person_id:
        return []
    return people_selectors.possible_duplicates(
        given_name=referral.given_name,
        family_name=referral.family_name,
        date_of_birth=referral.date_of_birth,
        nhs_number=referral.nhs_number,
        postcode=referral.postcode,
    )


# Making a referral -------------------------------------------------------------------------------


@requires(Permission.MAKE_REFERRALS)
def referral_create(request: SignedInRequest) -> HttpResponse:
    user, organisation = request.user, own_organisation(request)
    keyed_in = user.can(Permission.TRIAGE_REFERRALS)
    services.seed_reasons(organisation=organisation)
    initial = {}
    if not keyed_in:
        initial = {
            "referrer_name": user.get_full_name(),
            "referrer_role": user.job_title,
            "referrer_organisation": organisation.name,
            "referrer_email": user.email,
            "referrer_phone": user.phone,
            "consent_recorded_by": user.get_full_name(),
        }
    form = ReferralForm(posted(request), keyed_in=keyed_in, initial=initial)
    if request.method == "POST" and form.is_valid():
        referral = services.receive_referral(
            organisation=organisation,
            data=form.referral_data(),
            reasons=form.cleaned_data["reasons"],
            received_at=form.received_at(),
        )
        request.session[SENT_KEY] = referral.pk
        return redirect("referrals:sent")
    return render(request, "referrals/form.jinja", {"form": form, "keyed_in": keyed_in})


@requires(Permission.MAKE_REFERRALS)
def referral_sent(request: SignedInRequest) -> HttpResponse:
    """The confirmation after sending: only the referral this user just sent."""
    pk = request.session.get(SENT_KEY)
    referral = Referral.objects.filter(pk=pk, referred_by=request.user).first() if pk else None
    return render(request, "referrals/sent.jinja", {"referral": referral})


@requires(Permission.MAKE_REFERRALS)
def referrals_made(request: SignedInRequest) -> HttpResponse:
    """The referrals the user made; `?referral=<id>` opens one of them (only theirs) with
    where it has got to."""
    made = selectors.referrals_made_by(request.user)
    opened = None
    if request.GET.get("referral", "").isdigit():
        opened = get_object_or_404(made, pk=request.GET["referral"])
        audit.record_view(opened, person_id=opened.person_id)
    return render(
        request,
        "referrals/made.jinja",
        {
            "page": paginate(request, made),
            "opened": opened,
            "history": selectors.history(opened) if opened else [],
        },
    )


# The queue and a referral ------------------------------------------------------------------------


QUEUE_SORT_LABELS = {
    "urgency": "Past their target and most urgent first",
    "oldest": "Oldest first",
}


@requires(Permission.TRIAGE_REFERRALS)
def queue(request: SignedInRequest) -> HttpResponse:
    sort = request.GET.get("sort")
    sort = sort if sort in QUEUE_SORT_LABELS else "urgency"
    page = paginate_by_keys(request, selectors.triage_queue(sort=sort))
    duplicates = selectors.likely_duplicates(page.object_list)
    return render(
        request,
        "referrals/queue.jinja",
        {"page": page, "duplicates": duplicates, "sort": sort, "sorts": QUEUE_SORT_LABELS},
    )


@requires(Permission.TRIAGE_REFERRALS)
def waiting_list(request: SignedInRequest) -> HttpResponse:
    """Both lists a page at a time, each turning its own pages: a large service has
    thousands waiting."""
    waiting = paginate(request, selectors.waiting_list())
    to_allocate = paginate(request, selectors.accepted_unallocated(), parameter="allocate_page")
    audit.record_list_view(
        [*to_allocate.object_list, *waiting.object_list],
        person_id=lambda referral: referral.person_id,
    )
    return render(
        request,
        "referrals/waiting_list.jinja",
        {"waiting": waiting, "to_allocate": to_allocate},
    )


@requires(Permission.TRIAGE_REFERRALS)
def referral_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    referral = _referral(pk)
    audit.record_view(referral, person_id=referral.person_id)
    candidates = _candidates(referral)
    if candidates:
        audit.record_list_view(candidates)
    return render(
        request,
        "referrals/detail.jinja",
        {
            "referral": referral,
            "reasons": referral.reasons.all(),
            "history": selectors.history(referral),
            "coded_events": selectors.coded_events(referral),
            "candidates": candidates,
            "duplicates": selectors.likely_duplicates([referral])[referral.pk],
            "State": State,
            "Permission": Permission,
        },
    )


def _action(
    request: HttpRequest,
    pk: int,
    *,
    form_class: Callable[..., forms.Form],
    perform: Callable[[Referral, dict[str, Any]], Referral],
    title: str,
    button: str,
    done: str,
    form_kwargs: Callable[[Referral], dict[str, Any]] | None = None,
) -> HttpResponse:
    """One triage action: a small form; on success the referral's page with a message; a
    move the state machine refuses is shown as an error on the form."""
    referral = _referral(pk)
    extra = form_kwargs(referral) if form_kwargs else {}
    form = form_class(posted(request), **extra)
    return form_page(
        request,
        form=form,
        perform=lambda: perform(referral, form.cleaned_data),
        refused=TransitionNotAllowed,
        done=done.format(reference=referral.reference),
        then=reverse("referrals:detail", kwargs={"pk": referral.pk}),
        template="referrals/action.jinja",
        context={"referral": referral, "title": title, "button_text": button},
    )


@requires(Permission.TRIAGE_REFERRALS)
def referral_accept(request: SignedInRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=NoteForm,
        perform=lambda referral, data: services.accept(referral=referral, note=data["note"]),
        title="Accept this referral",
        button="Accept referral",
        done="Referral {reference} accepted",
    )


@requires(Permission.TRIAGE_REFERRALS)
def referral_decline(request: SignedInRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=DeclineForm,
        perform=lambda referral, data: services.decline(
            referral=referral, reason=data["reason"], signposting_note=data["signposting_note"]
        ),
        title="Decline this referral",
        button="Decline referral",
        done="Referral {reference} declined",
    )


@requires(Permission.TRIAGE_REFERRALS)
def referral_request_info(request: SignedInRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=RequestInfoForm,
        perform=lambda referral, data: services.move(
            referral=referral, to=State.INFO_REQUESTED, note=data["note"]
        ),
        title="Ask the referrer for more information",
        button="Save",
        done="Referral {reference} is waiting for more information",
    )


@requires(Permission.TRIAGE_REFERRALS)
def referral_info_received(request: SignedInRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=NoteForm,
        perform=lambda referral, data: services.move(
            referral=referral, to=State.RECEIVED, note=data["note"]
        ),
        title="Information received from the referrer",
        button="Back to the queue",
        done="Referral {reference} is back in the queue",
    )


@requires(Permission.TRIAGE_REFERRALS)
def referral_attach(request: SignedInRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=AttachForm,
        form_kwargs=lambda referral: {"candidates": _candidates(referral)},
        perform=lambda referral, data: services.triage(referral=referral, person=data["person"]),
        title="Attach to an existing record",
        button="Attach to this record",
        done="Referral {reference} attached to the person's record",
    )


@requires(Permission.TRIAGE_REFERRALS)
def referral_new_person(request: SignedInRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=NoteForm,
        perform=lambda referral, data: services.create_person_and_triage(
            referral=referral, note=data["note"]
        ),
        title="Create a new record from this referral",
        button="Create a new record",
        done="New record created and referral {reference} triaged",
    )


@requires(Permission.ALLOCATE_REFERRALS)
def referral_allocate(request: SignedInRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=AllocateForm,
        form_kwargs=lambda referral: {"organisation": referral.organisation},
        perform=lambda referral, data: services.allocate(
            referral=referral, link_worker=data["link_worker"], note=data["note"]
        ),
        title="Allocate to a link worker",
        button="Allocate",
        done="Referral {reference} allocated",
    )


@requires(Permission.ALLOCATE_REFERRALS)
def referral_wait(request: SignedInRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=NoteForm,
        perform=lambda referral, data: services.move(
            referral=referral, to=State.WAITING, note=data["note"]
        ),
        title="Put on the waiting list",
        button="Put on the waiting list",
        done="Referral {reference} is on the waiting list",
    )


# Onward referral ---------------------------------------------------------------------------------


@requires(Permission.REFER_ONWARD)
def refer_onward(request: SignedInRequest, person_pk: int) -> HttpResponse:
    person = get_object_or_404(people_selectors.active_people(), pk=person_pk)
    form = OnwardReferralForm(
        posted(request),
        organisation=own_organisation(request),
        initial={"organisation": request.GET.get("organisation")},
    )
    if request.method == "POST" and person.consent_to_share and form.is_valid():
        try:
            referral = services.refer_onward(
                person=person,
                to_organisation=form.cleaned_data["organisation"],
                share=form.cleaned_data["share"],
                reason_details=form.cleaned_data["reason_details"],
                risks=form.cleaned_data["risks"],
            )
        except services.OnwardReferralNotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                f"Referral {referral.reference} sent to {form.cleaned_data['organisation']}",
            )
            return redirect("referrals:onward_sent", person_pk=person.pk)
    return render(request, "referrals/onward.jinja", {"form": form, "person": person})


@requires(Permission.REFER_ONWARD)
def onward_sent(request: SignedInRequest, person_pk: int) -> HttpResponse:
    """The onward referrals made for a person, with how far each has got, and the question
    every onward referral raises: close our own case, or keep it open?"""
    person = get_object_or_404(people_selectors.active_people(), pk=person_pk)
    audit.record_view(person, person_id=person.pk)
    return render(
        request,
        "referrals/onward_sent.jinja",
        {
            "person": person,
            "onward": selectors.onward_referrals_of(person),
            "open_cases": list(person.referrals.filter(state__in=OPEN_STATES)),
        },
    )


# The organisation's settings ---------------------------------------------------------------------


def _managed_organisation(request: SignedInRequest) -> Organisation | None:
    """The organisation whose lists a manager edits; administrators have none of their own."""
    return request.user.organisation


@requires(Permission.MANAGE_OWN_ORGANISATION)
def reason_list(request: SignedInRequest) -> HttpResponse:
    organisation = _managed_organisation(request)
    form = None
    reasons: list[ReferralReason] = []
    if organisation:
        services.seed_reasons(organisation=organisation)
        form = ReasonForm(posted(request), organisation=organisation)
        if request.method == "POST" and form.is_valid():
            reason = services.add_reason(organisation=organisation, name=form.cleaned_data["name"])
            messages.success(request, f"“{reason.name}” added")
            return redirect("referrals:reasons")
        reasons = list(ReferralReason.objects.filter(organisation=organisation))
    return render(
        request,
        "referrals/reasons.jinja",
        {"form": form, "reasons": reasons, "organisation": organisation},
    )


@requires(Permission.MANAGE_OWN_ORGANISATION)
def reason_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    # Administrators manage every organisation, so they reach every organisation's list.
    reach = nullcontext() if request.user.organisation_id else scopes_disabled()
    with reach:
        reason = get_object_or_404(ReferralReason.objects.select_related("organisation"), pk=pk)
        form = ReasonForm(posted(request), instance=reason, organisation=reason.organisation)
        refusal = None
        if request.method == "POST" and form.is_valid():
            refusal = save_unless_stale(
                form,
                lambda expected_version: services.update_reason(
                    reason=reason,
                    expected_version=expected_version,
                    name=form.cleaned_data["name"],
                    active=form.cleaned_data["active"],
                ),
            )
            if refusal is None:
                messages.success(request, "Reason saved")
                return redirect("referrals:reasons")
            reason = refusal.current
    return render(
        request,
        "referrals/reason_form.jinja",
        {"form": form, "reason": reason, "refusal": refusal},
    )


@requires(Permission.MANAGE_OWN_ORGANISATION)
def email_templates(request: SignedInRequest) -> HttpResponse:
    organisation = _managed_organisation(request)
    forms_by_kind = {}
    refusal = None
    if organisation:
        templates = services.email_templates(organisation=organisation)
        forms_by_kind = {
            kind: EmailTemplateForm(
                posted(request) if request.POST.get("kind") == kind else None,
                instance=template,
                prefix=kind,
            )
            for kind, template in templates.items()
        }
        chosen = forms_by_kind.get(request.POST.get("kind", ""))
        if request.method == "POST" and chosen is not None and chosen.is_valid():
            refusal = save_unless_stale(
                chosen,
                lambda expected_version: services.update_email_template(
                    template=chosen.instance,
                    expected_version=expected_version,
                    subject=chosen.cleaned_data["subject"],
                    body=chosen.cleaned_data["body"],
                ),
            )
            if refusal is None:
                messages.success(request, f"“{chosen.instance.get_kind_display()}” e-mail saved")
                return redirect("referrals:emails")
    form = next((each for each in forms_by_kind.values() if each.errors), None)
    return render(
        request,
        "referrals/emails.jinja",
        {
            "forms": forms_by_kind,
            "form": form,
            "refusal": refusal,
            "organisation": organisation,
            "placeholders": services.PLACEHOLDERS,
        },
    )
