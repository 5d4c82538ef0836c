from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from navigator.accounts.http import SignedInRequest
from navigator.accounts.permissions import Permission
from navigator.audit import services as audit
from navigator.core.views import paginate, posted, requires
from navigator.restrictions import selectors, services
from navigator.restrictions.forms import BreakGlassForm, LiftForm, RestrictionForm, ReviewForm

HOURS = int(services.BREAK_GLASS_LASTS.total_seconds() // 3600)


def _person_id(restriction: Any) -> int:
    return int(restriction.person_id)


def _person(pk: int) -> Any:
    return selectors.person_or_404(pk)


@requires(Permission.MANAGE_RESTRICTIONS)
def restriction_list(request: SignedInRequest) -> HttpResponse:
    restrictions = paginate(request, selectors.restricted_records(), per_page=50)
    audit.record_list_view(restrictions.object_list, person_id=_person_id)
    accesses = selectors.emergency_accesses()[:50]
    return render(
        request,
        "restrictions/list.jinja",
        {"page": restrictions, "accesses": accesses},
    )


@requires(Permission.MANAGE_RESTRICTIONS)
def restriction_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    restriction = selectors.restriction_of(person)
    form = RestrictionForm(posted(request), instance=restriction, organisation=person.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.restrict(
                person=person,
                kind=data["kind"],
                reason=data["reason"],
                named_staff=data["named_staff"],
                processing_restricted=data["processing_restricted"],
                by=request.user,
            )
        except services.RestrictionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{person.full_name}'s record is restricted")
            return redirect("restrictions:list")
    if restriction is not None:
        audit.record_view(restriction, person_id=person.pk)
    return render(
        request,
        "restrictions/form.jinja",
        {"person": person, "restriction": restriction, "form": form},
    )


@requires(Permission.MANAGE_RESTRICTIONS)
def restriction_lift(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    restriction = selectors.restriction_of(person)
    if restriction is None:
        raise Http404
    form = LiftForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.lift(restriction=restriction, by=request.user)
        messages.success(request, f"{person.full_name}'s record is no longer restricted")
        return redirect("restrictions:list")
    return render(
        request,
        "restrictions/lift.jinja",
        {"person": person, "restriction": restriction, "form": form},
    )


@requires(Permission.BREAK_GLASS)
def break_glass(request: SignedInRequest, pk: int) -> HttpResponse:
    """The page a restricted record's links lead to, for those it does not name."""
    person = _person(pk)
    if selectors.restriction_of(person) is None:
        raise Http404
    if selectors.may_see(person, request.user):
        return redirect("people:detail", pk=person.pk)
    form = BreakGlassForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.break_glass(person=person, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            f"You can see this record for the next {HOURS} hours. "
            "Your service's managers have been told.",
        )
        return redirect("people:detail", pk=person.pk)
    return render(
        request, "restrictions/break_glass.jinja", {"person": person, "form": form, "hours": HOURS}
    )


@requires(Permission.MANAGE_RESTRICTIONS)
def review(request: SignedInRequest, pk: int) -> HttpResponse:
    access = get_object_or_404(selectors.emergency_accesses(), pk=pk)
    form = ReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.review(access=access, by=request.user, decision=form.cleaned_data["decision"])
        except services.RestrictionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Review saved")
            return redirect("plans:tasks")
    audit.record_view(access, person_id=access.person_id)
    return render(request, "restrictions/review.jinja", {"access": access, "form": form})
