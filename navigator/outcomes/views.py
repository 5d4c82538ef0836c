"""Outcome measure pages: thin views; reads in selectors.py, writes in services.py."""

import base64
import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from navigator.accounts.http import SignedInRequest, own_organisation
from navigator.accounts.permissions import Permission
from navigator.audit import services as audit
from navigator.core.addresses import absolute_reverse
from navigator.core.views import posted, requires
from navigator.links.models import Purpose, SecureLink
from navigator.links.views import secure_link_view
from navigator.outcomes import instruments, selectors, services
from navigator.outcomes.forms import (
    PERSON_ANSWERED_HOW,
    STAFF_ANSWERED_HOW,
    AnswersForm,
    CustomInstrumentForm,
    StartForm,
    SwitchesForm,
    seen_switches,
)
from navigator.outcomes.models import Administration, CustomInstrument
from navigator.people.selectors import person_or_404


def when(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y at %H:%M")


def measure_label(measure: str) -> str:
    try:
        return instruments.measure_info(measure).label
    except KeyError:
        return measure


# What the templates use to show dates and scores.
HELPERS = {"when": when, "measure_label": measure_label, "ons4_band": instruments.ons4_band}


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return render(request, template, HELPERS | context)


@requires(Permission.MANAGE_MEASURES)
def measure_settings(request: SignedInRequest) -> HttpResponse:
    organisation = own_organisation(request)
    library = selectors.library(organisation)
    form = SwitchesForm(posted(request), library=library)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_instrument_switches(
                organisation=organisation, enabled=form.switches(), seen=form.seen_on()
            )
        except services.SwitchesChanged as changed:
            form = _switches_kept_after(changed, request.POST, library=library)
        else:
            messages.success(request, "Measures saved")
            return redirect("outcomes:settings")
    return _render(
        request,
        "outcomes/settings.jinja",
        {"form": form, "title": "Outcome measures"},
    )


def _switches_kept_after(
    changed: services.SwitchesChanged, posted: QueryDict, *, library: list
) -> SwitchesForm:
    """The ticks as the manager left them, with what the other manager changed, so that
    saving again is a deliberate choice to replace it."""
    data = posted.copy()
    data["seen"] = seen_switches(library)
    form = SwitchesForm(data, library=library)
    form.is_valid()
    names = {entry.instrument.code: entry.instrument.name for entry in library}
    changes = [f"switched on {names[code]}" for code in sorted(changed.now_on)] + [
        f"switched off {names[code]}" for code in sorted(changed.now_off)
    ]
    form.add_error(
        "enabled",
        "Someone else changed the measures after you opened this page ("
        + "; ".join(changes)
        + "). Your ticks are kept: save again to replace their change.",
    )
    return form


@requires(Permission.MANAGE_MEASURES)
def custom_create(request: SignedInRequest) -> HttpResponse:
    organisation = own_organisation(request)
    taken = set(
        CustomInstrument.objects.filter(organisation=organisation).values_list("code", flat=True)
    )
    form = CustomInstrumentForm(posted(request), taken=taken)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_custom_instrument(
            organisation=organisation,
            code=data["code"],
            name=data["name"],
            items=data["items"],
            minimum=data["minimum"],
            maximum=data["maximum"],
            higher_is_better=data["higher_is_better"],
        )
        messages.success(request, f"{data['name']} added and switched on")
        return redirect("outcomes:settings")
    return _render(
        request, "outcomes/custom_form.jinja", {"form": form, "title": "Add your own measure"}
    )


@requires(Permission.RECORD_OUTCOMES)
def person_outcomes(request: SignedInRequest, pk: int) -> HttpResponse:
    person = person_or_404(pk)
    audit.record_view(person, person_id=person.pk)
    return _render(
        request,
        "outcomes/person.jinja",
        {
            "person": person,
            "panels": selectors.progress_panels(person),
            "administrations": selectors.administrations_of(person),
            "title": "Outcome measures and progress",
        },
    )


@requires(Permission.RECORD_OUTCOMES)
def start(request: SignedInRequest, pk: int) -> HttpResponse:
    person = person_or_404(pk)
    form = StartForm(
        posted(request),
        # Links such as the closure prompt choose the time point for the link worker.
        initial={"time_point": request.GET.get("time_point")},
        instruments=selectors.enabled_instruments(person.organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            administration = services.start_administration(
                person=person,
                instrument_code=form.cleaned_data["instrument"],
                time_point=form.cleaned_data["time_point"],
                started_by=request.user,
            )
        except selectors.NotAvailable as reason:
            form.add_error("instrument", f"{reason}: choose another measure")
        else:
            return redirect("outcomes:administration", pk=administration.pk)
    return _render(
        request,
        "outcomes/start.jinja",
        {"form": form, "person": person, "title": "Record a measure"},
    )


def _answers_form(request: HttpRequest, administration: Administration, ask_how: list):
    return AnswersForm(
        posted(request),
        items=selectors.questions(administration),
        answers=selectors.answers_of(administration),
        ask_how=ask_how,
        answered_how=administration.answered_how,
    )


@requires(Permission.RECORD_OUTCOMES)
def administration(request: SignedInRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Administration.objects.select_related("person"), pk=pk)
    if request.method == "GET":  # a POST is audited as the write it makes, not as a read
        audit.record_view(record, person_id=record.person_id)
    if request.method == "POST" and request.POST.get("action") == "discard":
        try:
            services.discard_administration(administration=record)
        except services.AnswersRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("outcomes:administration", pk=record.pk)
        messages.success(request, f"{record.instrument_name} discarded")
        return redirect("outcomes:person", pk=record.person_id)
    form = _answers_form(request, record, STAFF_ANSWERED_HOW)
    if request.method == "POST" and form.is_valid():
        finish = request.POST.get("action") == "finish"
        try:
            services.save_answers(
                administration=record,
                answers=form.answers(),
                finish=finish,
                recorded_by=request.user,
                answered_how=form.cleaned_data["answered_how"],
            )
        except services.AnswersRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Answers saved and scored" if finish else "Answers saved")
            if finish:
                return redirect("outcomes:person", pk=record.person_id)
            return redirect("outcomes:administration", pk=record.pk)
    return _render(
        request,
        "outcomes/administration.jinja",
        {
            "record": record,
            "person": record.person,
            "form": form,
            "scores": list(record.scores.all()),
            "questions": selectors.questions(record),
            "answers": selectors.answers_of(record),
            "title": record.instrument_name,
        },
    )


def _qr_code(address: str) -> str:
    import segno

    svg = segno.make(address, error="m").svg_inline(scale=4, dark="#212b32")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@requires(Permission.RECORD_OUTCOMES)
def send_link(request: SignedInRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Administration.objects.select_related("person"), pk=pk)
    context = {
        "record": record,
        "person": record.person,
        "title": "Send a questionnaire link",
        "issued": None,
    }
    if request.method == "POST":
        try:
            issued = services.send_questionnaire_link(
                administration=record, created_by=request.user
            )
        except services.AnswersRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("outcomes:administration", pk=record.pk)
        address = absolute_reverse("outcomes:questionnaire", token=issued.token)
        context |= {"issued": issued, "address": address, "qr_code": _qr_code(address)}
    response = _render(request, "outcomes/send_link.jinja", context)
    response["Cache-Control"] = "no-store"  # the link is shown once
    return response


@secure_link_view(Purpose.QUESTIONNAIRE)
def questionnaire(request: HttpRequest, link: SecureLink) -> HttpResponse:
    record = get_object_or_404(Administration, pk=link.target_id)
    if request.method == "GET":
        audit.record_view(record, person_id=record.person_id)
    form = _answers_form(request, record, PERSON_ANSWERED_HOW)
    context = {
        "record": record,
        "link": link,
        "form": form,
        "service_name": record.organisation.name,
        "intro": selectors.instrument(record.organisation, record.instrument_code).intro,
        "title": "Your questionnaire",
        "saved": False,
    }
    if request.method == "POST" and form.is_valid():
        finish = request.POST.get("action") == "finish"
        try:
            services.save_answers(
                administration=record,
                answers=form.answers(),
                finish=finish,
                answered_how=form.cleaned_data["answered_how"],
                link=link,
            )
        except services.AnswersRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            if finish:
                return _render(request, "outcomes/questionnaire_done.jinja", context)
            context["saved"] = True
    return _render(request, "outcomes/questionnaire.jinja", context)
