from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from navigator.accounts.http import SignedInRequest, own_organisation_id
from navigator.accounts.models import User
from navigator.accounts.permissions import Permission, Role
from navigator.activities import selectors, services
from navigator.activities.forms import (
    AccompanimentForm,
    ActivityReferralForm,
    AttendanceForm,
    FirstSessionForm,
    OutcomeForm,
    PersonAttendanceForm,
    PreferencesForm,
    ProviderAnswerForm,
    ServiceSearchForm,
    StatusForm,
    VolunteerProfileForm,
)
from navigator.activities.models import (
    Accompaniment,
    ActivityPreferences,
    ActivityReferral,
    VolunteerProfile,
)
from navigator.activities.states import (
    ACTION_LABELS,
    NEEDS_REASON,
    Side,
    Status,
    TransitionNotAllowed,
    allowed_moves,
)
from navigator.activities.suggestions import suggest, wanted_by, why_none
from navigator.audit import services as audit
from navigator.core.views import form_page, paginate, posted, requires
from navigator.directory.selectors import search_services, visible_services
from navigator.links.models import Purpose, SecureLink
from navigator.links.views import secure_link_view
from navigator.people.models import Person
from navigator.people.selectors import person_or_404

SEARCH_LIMIT = 20


def _person(pk: int) -> Person:
    return person_or_404(pk)  # a merged record answers with a pointer to the kept one


@requires(Permission.REFER_TO_ACTIVITIES)
def person_referrals(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    audit.record_view(person, person_id=person.pk)
    referrals = list(selectors.referrals_for_person(person))
    records = {
        activity_referral.service_id: selectors.destination_record(activity_referral.service)
        for activity_referral in referrals
    }
    return render(
        request,
        "activities/person_referrals.jinja",
        {"person": person, "referrals": referrals, "records": records},
    )


@requires(Permission.REFER_TO_ACTIVITIES)
def choose_service(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    search = ServiceSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    results = list(search_services(words=query)[:SEARCH_LIMIT]) if query else []
    return render(
        request,
        "activities/choose_service.jinja",
        {"person": person, "search": search, "query": query, "results": results},
    )


@requires(Permission.REFER_TO_ACTIVITIES)
def referral_create(request: SignedInRequest, pk: int, service_pk: str) -> HttpResponse:
    person = _person(pk)
    service = get_object_or_404(visible_services(), pk=service_pk)
    if service.navigator_organisation_id:
        # A social prescribing service using this Navigator: the one onward referral route.
        return redirect(
            f"{reverse('referrals:onward', args=[person.pk])}"
            f"?organisation={service.navigator_organisation_id}"
        )
    action = request.POST.get("action", "")
    receivers = selectors.recipients(service)
    form = ActivityReferralForm(
        posted(request),
        cases=person.referrals.all(),
        action=action,
        recipients=receivers,
        initial={"case": selectors.only_open_case(person)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity_referral = services.refer(
                person=person,
                service=service,
                made_by=request.user,
                reason=data["reason"],
                note=data["note"],
                planned_first_session=data["planned_first_session"],
                case=data.get("case"),
                send=action == "send",
                signposted=action == "signpost",
                phoned=action == "phoned",
            )
        except services.ConsentMissing as refusal:
            form.add_error(None, str(refusal))
        else:
            if activity_referral.is_signposting:
                messages.success(request, f"Recorded that {person.full_name} was signposted")
            elif activity_referral.status == Status.DRAFT:
                messages.success(request, "Referral saved as a draft")
            elif action == "phoned":
                messages.success(
                    request, f"Recorded that you referred them to {service.name} by telephone"
                )
            else:
                messages.success(request, f"Referral sent to {service.name}. {receivers.text}")
            return redirect("activities:detail", pk=activity_referral.pk)
    return render(
        request,
        "activities/referral_form.jinja",
        {"person": person, "service": service, "form": form, "recipients": receivers},
    )


@requires(Permission.REFER_TO_ACTIVITIES)
def take_away(request: SignedInRequest, pk: int, service_pk: str) -> HttpResponse:
    """A listing's details for the person to print or take away: what a link worker gives
    them when no one can receive a referral. Nothing about the person is on it."""
    person = _person(pk)
    service = get_object_or_404(
        visible_services().prefetch_related(
            "schedules", "contacts", "service_at_locations__location"
        ),
        pk=service_pk,
    )
    return render(request, "activities/take_away.jinja", {"person": person, "service": service})


@requires(Permission.REFER_TO_ACTIVITIES)
def referral_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    activity_referral = get_object_or_404(selectors.with_history(), pk=pk)
    audit.record_view(activity_referral, person_id=activity_referral.person_id)
    moves = _moves(activity_referral, Side.REQUESTER)
    return render(
        request,
        "activities/referral_detail.jinja",
        {
            "referral": activity_referral,
            "person": activity_referral.person,
            "moves": moves,
            "record": selectors.destination_record(activity_referral.service),
            "can_accompany": activity_referral.status
            not in (Status.ENTERED_IN_ERROR, Status.CANCELLED),
        },
    )


@requires(Permission.REFER_TO_ACTIVITIES)
def first_session(request: SignedInRequest, pk: int) -> HttpResponse:
    activity_referral = get_object_or_404(
        ActivityReferral.objects.select_related("person", "service"), pk=pk
    )
    form = FirstSessionForm(posted(request), planned=activity_referral.planned_first_session)
    if request.method == "POST" and form.is_valid():
        services.change_first_session(
            activity_referral=activity_referral,
            planned_first_session=form.cleaned_data["planned_first_session"],
        )
        messages.success(request, "Planned first session changed")
        return redirect("activities:detail", pk=activity_referral.pk)
    return render(
        request,
        "activities/first_session.jinja",
        {"referral": activity_referral, "person": activity_referral.person, "form": form},
    )


def _moves(activity_referral: ActivityReferral, side: Side) -> list[tuple[Status, str]]:
    """The moves `side` may make now, with their button words: attendance only once the
    planned first session has come."""
    too_early = services.attendance_problem(activity_referral)
    return [
        (status, ACTION_LABELS[status])
        for status in allowed_moves(activity_referral.status, side)
        if not (status == Status.IN_PROGRESS and too_early)
    ]


def _move(
    request: SignedInRequest,
    activity_referral: ActivityReferral,
    status: str,
    side: Side,
    done: str,
    template: str,
) -> HttpResponse:
    if status not in allowed_moves(activity_referral.status, side):
        raise Http404
    form = StatusForm(posted(request), reason_required=status in NEEDS_REASON)
    return form_page(
        request,
        form=form,
        perform=lambda: services.move(
            activity_referral=activity_referral,
            to=status,
            side=side,
            by=request.user,
            reason=form.cleaned_data["reason"],
        ),
        refused=TransitionNotAllowed,
        done=f"Status changed to ‘{Status(status).label}’",
        then=done,
        template=template,
        context={
            "referral": activity_referral,
            "person": activity_referral.person,
            "status": Status(status),
            "action": ACTION_LABELS[Status(status)],
        },
    )


@requires(Permission.REFER_TO_ACTIVITIES)
def referral_move(request: SignedInRequest, pk: int, status: str) -> HttpResponse:
    activity_referral = get_object_or_404(
        ActivityReferral.objects.select_related("person", "service"), pk=pk
    )
    done = reverse("activities:detail", args=[activity_referral.pk])
    return _move(request, activity_referral, status, Side.REQUESTER, done, "activities/move.jinja")


@requires(Permission.RESPOND_TO_ACTIVITY_REFERRALS)
def inbox(request: SignedInRequest) -> HttpResponse:
    # A page at a time: a busy provider's inbox holds thousands of referrals over the years.
    page = paginate(request, selectors.provider_inbox(request.user))
    for activity_referral in page.object_list:
        activity_referral.moves = _moves(activity_referral, Side.PROVIDER)
        activity_referral.not_yet = services.attendance_problem(activity_referral)
    return render(request, "activities/inbox.jinja", {"page": page})


@requires(Permission.RESPOND_TO_ACTIVITY_REFERRALS)
def respond(request: SignedInRequest, pk: int, status: str) -> HttpResponse:
    activity_referral = get_object_or_404(selectors.provider_inbox(request.user), pk=pk)
    if request.method != "POST":
        audit.record_view(activity_referral, person_id=activity_referral.person_id)
    return _move(
        request,
        activity_referral,
        status,
        Side.PROVIDER,
        reverse("activities:inbox"),
        "activities/respond.jinja",
    )


@requires(Permission.REFER_TO_ACTIVITIES)
def accompaniment_create(request: SignedInRequest, pk: int) -> HttpResponse:
    activity_referral = get_object_or_404(
        ActivityReferral.objects.select_related("person", "service"), pk=pk
    )
    form = AccompanimentForm(
        posted(request),
        companions=selectors.companions(own_organisation_id(request)),
        planned=activity_referral.planned_first_session,
        venue=selectors.venue_of(activity_referral.service),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.arrange_accompaniment(
                activity_referral=activity_referral,
                companion=form.cleaned_data["companion"],
                arranged_by=request.user,
                data=form.model_data(),
            )
        except services.AssignmentRefused as error:
            form.add_error("companion", str(error))
        else:
            messages.success(request, "Accompaniment arranged")
            return redirect("activities:detail", pk=activity_referral.pk)
    return render(
        request,
        "activities/accompaniment_form.jinja",
        {"referral": activity_referral, "person": activity_referral.person, "form": form},
    )


@requires(Permission.REFER_TO_ACTIVITIES)
def accompaniment_outcome(request: SignedInRequest, pk: int) -> HttpResponse:
    accompaniment = get_object_or_404(
        Accompaniment.objects.select_related(
            "activity_referral__person", "activity_referral__service", "companion"
        ),
        pk=pk,
    )
    initial = {"outcome": accompaniment.outcome, "note": accompaniment.outcome_note}
    form = OutcomeForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.record_outcome(
            accompaniment=accompaniment,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, "Outcome recorded")
        return redirect("activities:detail", pk=accompaniment.activity_referral_id)
    return render(
        request,
        "activities/outcome_form.jinja",
        {"accompaniment": accompaniment, "referral": accompaniment.activity_referral, "form": form},
    )


@requires(Permission.REFER_TO_ACTIVITIES)
def volunteer_list(request: SignedInRequest) -> HttpResponse:
    people = list(selectors.volunteers(own_organisation_id(request)))
    return render(request, "activities/volunteers.jinja", {"volunteers": people})


@requires(Permission.REFER_TO_ACTIVITIES)
def volunteer_profile(request: SignedInRequest, pk: int) -> HttpResponse:
    volunteer = get_object_or_404(
        User, pk=pk, role=Role.VOLUNTEER, organisation_id=request.user.organisation_id or -1
    )
    profile = VolunteerProfile.objects.filter(user=volunteer).first()
    form = VolunteerProfileForm(posted(request), instance=profile)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in VolunteerProfileForm.Meta.fields}
        services.save_volunteer_profile(user=volunteer, data=data)
        messages.success(request, f"Profile of {volunteer} saved")
        return redirect("activities:volunteers")
    return render(
        request, "activities/volunteer_form.jinja", {"volunteer": volunteer, "form": form}
    )


@requires(Permission.SEE_OWN_ASSIGNMENTS)
def my_visits(request: SignedInRequest) -> HttpResponse:
    visits = list(selectors.assignments_for(request.user))
    return render(request, "activities/my_visits.jinja", {"visits": visits})


@requires(Permission.REFER_TO_ACTIVITIES)
def suggestions(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    audit.record_view(person, person_id=person.pk)
    wanted = wanted_by(person)
    found = suggest(person, wanted=wanted)
    return render(
        request,
        "activities/suggestions.jinja",
        {
            "person": person,
            "suggestions": found,
            "why_none": "" if found else why_none(person, wanted),
            "preferences": wanted.preferences,
        },
    )


@requires(Permission.REFER_TO_ACTIVITIES)
def preferences(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    saved = ActivityPreferences.objects.filter(person=person).first()
    form = PreferencesForm(posted(request), instance=saved)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PreferencesForm.Meta.fields}
        services.save_preferences(person=person, data=data)
        messages.success(request, "Activity preferences saved")
        return redirect("activities:suggestions", pk=person.pk)
    return render(request, "activities/preferences.jinja", {"person": person, "form": form})


def _linked_referral(link: SecureLink) -> ActivityReferral:
    return ActivityReferral.objects.select_related(
        "person", "service__organisation", "made_by", "organisation"
    ).get(pk=link.target_id)


def _answer_by_link(
    request: HttpRequest, link: SecureLink, form_class: type, template: str
) -> HttpResponse:
    activity_referral = _linked_referral(link)
    form = form_class(posted(request))
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["answer"]
        try:
            activity_referral = services.answer_by_link(
                link=link,
                to=answer,
                reason=form.cleaned_data["reason"],
            )
        except TransitionNotAllowed as error:
            form.add_error(None, str(error))
        else:
            return render(
                request,
                "activities/provider_done.jinja",
                {
                    "referral": activity_referral,
                    "service_name": activity_referral.organisation.name,
                },
            )
    else:
        audit.record_view(activity_referral, person_id=activity_referral.person_id)
    return render(
        request,
        template,
        {
            "referral": activity_referral,
            "form": form,
            "service_name": activity_referral.organisation.name,
        },
    )


@secure_link_view(Purpose.PROVIDER_RESPONSE)
def provider_response(request: HttpRequest, link: SecureLink) -> HttpResponse:
    return _answer_by_link(request, link, ProviderAnswerForm, "activities/provider_response.jinja")


@secure_link_view(Purpose.PROVIDER_ATTENDANCE)
def provider_attendance(request: HttpRequest, link: SecureLink) -> HttpResponse:
    return _answer_by_link(request, link, AttendanceForm, "activities/provider_attendance.jinja")


@secure_link_view(Purpose.PERSON_ATTENDANCE)
def person_attendance(request: HttpRequest, link: SecureLink) -> HttpResponse:
    """The person's own "did you go?" page: only the activity's name and date, nothing else
    about them, and the organisation's name in the header so they know who is asking."""
    activity_referral = ActivityReferral.objects.select_related("service", "organisation").get(
        pk=link.target_id
    )
    form = PersonAttendanceForm(posted(request))
    context = {
        "referral": activity_referral,
        "form": form,
        "service_name": activity_referral.organisation.name,
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        activity_referral = services.person_answer_by_link(
            link=link,
            answer=data["answer"],
            got_in_the_way=data["got_in_the_way"],
            new_date=data["new_date"],
        )
        return render(
            request,
            "activities/person_attendance_done.jinja",
            {
                **context,
                "referral": activity_referral,
                "answer": data["answer"],
                "new_date": data["new_date"],
            },
        )
    if request.method != "POST":
        audit.record_view(activity_referral, person_id=activity_referral.person_id)
    return render(request, "activities/person_attendance.jinja", context)
