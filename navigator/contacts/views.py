"""Caseload pages: thin views; reads in selectors.py, writes in services.py."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from navigator.accounts.forms import TeamFilterForm
from navigator.accounts.http import SignedInRequest, own_organisation
from navigator.accounts.models import User
from navigator.accounts.permissions import Permission, Role
from navigator.audit import services as audit
from navigator.contacts import cadence, gp_letter, selectors, services
from navigator.contacts.forms import (
    CaseloadFilterForm,
    ClosureForm,
    ConfirmForm,
    ContactForm,
    FollowUpForm,
    OverrideForm,
    ReallocateForm,
    ReopenForm,
    SettingsForm,
)
from navigator.contacts.models import FollowUp, GPMessage, Task
from navigator.core.concurrency import save_unless_stale
from navigator.core.formatting import format_date
from navigator.core.forms import choices_of
from navigator.core.views import form_page, paginate_by_keys, posted, requires
from navigator.people.selectors import person_or_404
from navigator.plans import selectors as plan_selectors
from navigator.referrals import selectors as referral_selectors
from navigator.referrals.models import Referral
from navigator.referrals.states import TransitionNotAllowed


def _case(pk: int) -> Referral:
    return get_object_or_404(
        Referral.objects.select_related("person", "allocated_to", "organisation"), pk=pk
    )


@requires(Permission.WORK_CASELOAD)
def caseload(request: SignedInRequest) -> HttpResponse:
    today = selectors.today()
    settings = selectors.caseload_settings(own_organisation(request))
    owner = request.user
    if request.GET.get("worker") and request.user.can(Permission.ALLOCATE_REFERRALS):
        # A manager opens a link worker's caseload from the team view.
        owner = get_object_or_404(
            User,
            pk=request.GET["worker"] if request.GET["worker"].isdigit() else 0,
            organisation_id=request.user.organisation_id,
            role=Role.LINK_WORKER,
        )
    search = CaseloadFilterForm(request.GET or None)
    chosen = search.cleaned_data if search.is_valid() else {}
    found = selectors.caseload(
        owner,
        today,
        sort=chosen.get("sort") or "next_due",
        overdue_only=bool(chosen.get("overdue")),
        stage=chosen.get("stage") or "",
    )
    page = paginate_by_keys(
        request, found, read=lambda shown: selectors.caseload_rows(shown, settings, today)
    )
    for case in page.object_list:
        case.weeks = cadence.weeks_between(case.started_on, today)
    audit.record_list_view([case.person for case in page.object_list if case.person])
    query = {key: value for key, value in chosen.items() if value}
    if owner != request.user:
        query["worker"] = owner.pk
    follow_ups = list(selectors.follow_ups_due(owner, today))
    tasks = list(selectors.open_tasks(owner))
    return render(
        request,
        "contacts/caseload.jinja",
        {
            "search": search,
            "page": page,
            "query": ("&" + urlencode(query)) if query else "",
            "follow_ups": follow_ups,
            "tasks": tasks,
            "settings": settings,
            "today": today,
            "owner": owner if owner != request.user else None,
            "Permission": Permission,
        },
    )


@requires(Permission.WORK_CASELOAD)
def case_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    today = selectors.today()
    settings = selectors.caseload_settings(own_organisation(request))
    # A case on a caseload is read once, with its figures; any other (closed, declined) plainly.
    annotated = selectors.case_on_caseload(settings, today, pk)
    referral = annotated or _case(pk)
    if referral.person_id is None:
        raise Http404
    audit.record_view(referral, person_id=referral.person_id)
    # Every case has a start (its allocation, else its receipt); the kept column allows none.
    started_on = annotated.started_on if annotated else None
    weeks = cadence.weeks_between(started_on, today) if started_on else None
    return render(
        request,
        "contacts/case.jinja",
        {
            "referral": referral,
            "case": annotated,
            "weeks": weeks,
            "contacts": selectors.contacts_of(referral),
            "tasks": list(selectors.open_tasks_of(referral)),
            "today": today,
            "reallocations": selectors.reallocations_of(referral),
            "closure": getattr(referral, "closure", None),
            "has_gp_message": GPMessage.objects.filter(referral=referral).exists(),
            "reopenings": referral.reopenings.select_related("new"),
            "reopened_from": getattr(referral, "reopened_from", None),
            "independence": plan_selectors.latest_independence_answers_of(referral.person_id),
            "Permission": Permission,
        },
    )


def _case_form[F: forms.Form](
    request: HttpRequest,
    pk: int,
    *,
    form: F,
    perform: Callable[[Referral, F], Any],
    title: str,
    button: str,
    done: str,
    template: str = "contacts/case_form.jinja",
) -> HttpResponse:
    referral = _case(pk)
    if referral.person_id is None:
        raise Http404
    return form_page(
        request,
        form=form,
        perform=lambda: perform(referral, form),
        refused=TransitionNotAllowed,
        done=done,
        # Reopening makes a new case: the user goes on to it.
        then=lambda result: reverse(
            "contacts:case", kwargs={"pk": (getattr(result, "new", None) or referral).pk}
        ),
        template=template,
        context={"referral": referral, "title": title, "button_text": button},
    )


@requires(Permission.WORK_CASELOAD)
def log_contact(request: SignedInRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        form=ContactForm(posted(request)),
        perform=lambda referral, form: services.log_contact(
            referral=referral, data=form.contact_data()
        ),
        title="Log a contact",
        button="Save contact",
        done="Contact logged",
    )


@requires(Permission.WORK_CASELOAD)
def cadence_override(request: SignedInRequest, pk: int) -> HttpResponse:
    referral = _case(pk)
    existing = getattr(referral, "cadence_override", None)
    initial = (
        {"interval_days": existing.interval_days, "reason": existing.reason} if existing else {}
    )
    return _case_form(
        request,
        pk,
        form=OverrideForm(posted(request), initial=initial),
        perform=lambda referral, form: services.set_cadence_override(
            referral=referral,
            interval_days=form.cleaned_data["interval_days"],
            reason=form.cleaned_data["reason"],
        ),
        title="Change how often to contact",
        button="Save",
        done="Contact interval saved",
    )


@requires(Permission.WORK_CASELOAD)
def close_case(request: SignedInRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        form=ClosureForm(posted(request)),
        perform=lambda referral, form: services.close_case(referral=referral, **form.cleaned_data),
        title="Close this case",
        button="Close case",
        done="Case closed, follow-up scheduled and message to the GP ready",
    )


@requires(Permission.WORK_CASELOAD)
def reopen_case(request: SignedInRequest, pk: int) -> HttpResponse:
    previous = _case(pk)
    return _case_form(
        request,
        pk,
        form=ReopenForm(
            posted(request),
            organisation=own_organisation(request),
            initial={"link_worker": previous.allocated_to_id},
        ),
        perform=lambda referral, form: services.reopen_case(
            referral=referral,
            reason=form.cleaned_data["reason"],
            link_worker=form.chosen_worker(),
            to_waiting_list=form.to_waiting_list(),
        ),
        title="Reopen this case",
        button="Reopen case",
        done="Case reopened as a new case",
    )


def _gp_message_context(pk: int) -> dict:
    referral = _case(pk)
    message = get_object_or_404(GPMessage, referral=referral)
    audit.record_view(message, person_id=referral.person_id)
    return {"referral": referral, "message": message.content}


@requires(Permission.WORK_CASELOAD)
def gp_message(request: SignedInRequest, pk: int) -> HttpResponse:
    context = _gp_message_context(pk)
    return render(request, "contacts/gp_message.jinja", {**context, "pdf": False})


@requires(Permission.WORK_CASELOAD)
def gp_message_pdf(request: SignedInRequest, pk: int) -> HttpResponse:
    """The same message as a PDF letter, rendered by WeasyPrint from the page's template."""
    context = _gp_message_context(pk)
    pdf = gp_letter.render_letter(request, context["referral"], context["message"])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{gp_letter.filename(context["referral"])}"'
    )
    return response


@requires(Permission.WORK_CASELOAD)
def person_cases(request: SignedInRequest, pk: int) -> HttpResponse:
    person = person_or_404(pk)
    audit.record_view(person, person_id=person.pk)
    return render(
        request,
        "contacts/person_cases.jinja",
        {"person": person, "cases": selectors.cases_of(person)},
    )


@requires(Permission.ALLOCATE_REFERRALS)
def team(request: SignedInRequest) -> HttpResponse:
    organisation = own_organisation(request)
    settings = selectors.caseload_settings(organisation)
    form = TeamFilterForm(request.GET or None, organisation_id=organisation.pk)
    chosen = form.chosen_team()
    workers = selectors.team(organisation, settings, selectors.today(), team_id=chosen)
    audit.record_list_view(workers, person_id=lambda worker: None)
    return render(
        request,
        "contacts/team.jinja",
        {
            "workers": workers,
            "waiting": referral_selectors.waiting_list().count(),
            "settings": settings,
            "form": form,
            "has_teams": len(choices_of(form.fields["team"])) > 1,
            "team_name": dict(choices_of(form.fields["team"])).get(chosen) if chosen else "",
        },
    )


@requires(Permission.ALLOCATE_REFERRALS)
def reallocate(request: SignedInRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        form=ReallocateForm(posted(request), organisation=own_organisation(request)),
        perform=lambda referral, form: services.reallocate(
            referral=referral,
            to=form.cleaned_data["link_worker"],
            reason=form.cleaned_data["reason"],
        ),
        title="Reallocate to another link worker",
        button="Reallocate",
        done="Case reallocated",
    )


@requires(Permission.ALLOCATE_REFERRALS)
def caseload_settings(request: SignedInRequest) -> HttpResponse:
    settings = selectors.caseload_settings(own_organisation(request))
    form = SettingsForm(posted(request), instance=settings)
    refusal = None
    if request.method == "POST" and form.is_valid():
        refusal = save_unless_stale(
            form,
            lambda expected_version: services.update_settings(
                settings=settings, expected_version=expected_version, data=form.model_changes()
            ),
        )
        if refusal is None:
            messages.success(request, "Caseload settings saved")
            return redirect("contacts:team")
    return render(
        request,
        "contacts/settings.jinja",
        {"form": form, "title": "Caseload settings", "refusal": refusal},
    )


def _confirm(
    request: HttpRequest,
    *,
    thing: Any,
    perform: Callable[[], Any],
    title: str,
    done: str,
    button_text: str = "Mark as done",
    then: str = "",
) -> HttpResponse:
    """A page that asks "are you sure?" and, on POST, does it and goes back to the caseload
    (or to `then`)."""
    return form_page(
        request,
        form=ConfirmForm(posted(request)),
        perform=perform,
        refused=TransitionNotAllowed,
        done=done,
        then=then or "contacts:caseload",
        template="contacts/confirm.jinja",
        context={"thing": thing, "title": title, "button_text": button_text},
    )


@requires(Permission.WORK_CASELOAD)
def task_done(request: SignedInRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("referral", "person"), pk=pk)
    return _confirm(
        request,
        thing=task,
        perform=lambda: services.complete_task(task=task),
        title="Mark this task as done",
        done=f"Task done: {task.get_kind_display()}",
    )


@requires(Permission.WORK_CASELOAD)
def follow_up_schedule(request: SignedInRequest, pk: int) -> HttpResponse:
    referral = _case(pk)
    current = FollowUp.objects.filter(referral=referral, cancelled_at__isnull=True).first()
    form = FollowUpForm(posted(request), initial={"due_on": current.due_on if current else None})
    if request.method == "POST" and form.is_valid():
        try:
            follow_up = services.schedule_follow_up(
                referral=referral, due_on=form.cleaned_data["due_on"]
            )
        except TransitionNotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Follow-up due {format_date(follow_up.due_on)}")
            return redirect("contacts:case", pk=referral.pk)
    return render(
        request,
        "contacts/follow_up.jinja",
        {"form": form, "referral": referral, "current": current},
    )


@requires(Permission.WORK_CASELOAD)
def follow_up_cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(FollowUp.objects.select_related("referral", "person"), pk=pk)
    return _confirm(
        request,
        thing=follow_up,
        perform=lambda: services.cancel_follow_up(follow_up=follow_up),
        title="Cancel this follow-up",
        done="Follow-up cancelled",
        button_text="Cancel the follow-up",
        then=reverse("contacts:case", args=[follow_up.referral_id]),
    )


@requires(Permission.WORK_CASELOAD)
def follow_up_done(request: SignedInRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(FollowUp.objects.select_related("referral", "person"), pk=pk)
    return _confirm(
        request,
        thing=follow_up,
        perform=lambda: services.complete_follow_up(follow_up=follow_up),
        title="Mark this follow-up as done",
        done="Follow-up done",
    )
