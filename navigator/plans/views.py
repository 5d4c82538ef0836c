from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from navigator.accounts.http import SignedInRequest
from navigator.accounts.permissions import Permission
from navigator.activities.selectors import planned_activities
from navigator.audit import services as audit
from navigator.core.concurrency import save_unless_stale
from navigator.core.pdf import render_pdf
from navigator.core.views import posted, requires
from navigator.people.models import Person
from navigator.people.selectors import person_or_404
from navigator.plans import selectors, services
from navigator.plans.forms import (
    AssessmentForm,
    LifeAreasForm,
    OutcomeStarForm,
    PlanForm,
    TaskDecisionForm,
)
from navigator.plans.models import Assessment, LifeArea
from navigator.restrictions.selectors import unreviewed_emergency_accesses


def _person(pk: int) -> Person:
    return person_or_404(pk)  # a merged record answers with a pointer to the kept one


@requires(Permission.EDIT_PLANS)
def assessment_create(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    life_areas = services.life_areas_for(person.organisation)
    now = timezone.localtime()
    initial = {
        "person_present": True,
        "mode": "in_person",
        "assessed_on": now.date(),
        "assessed_time": now.strftime("%H:%M"),
    }
    form = AssessmentForm(posted(request), person=person, life_areas=life_areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.assessment_data()
        data["referral"] = selectors.open_case_of(person)
        try:
            assessment = services.record_assessment(
                person=person,
                recorded_by=request.user,
                data=data,
                family_present=form.family_present(),
                needs=form.needs(),
            )
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            messages.success(request, "Assessment recorded")
            if assessment.safeguarding_concern:
                messages.success(request, "A service manager has been asked to look at the concern")
            return redirect("plans:assessment_detail", pk=person.pk, assessment_pk=assessment.pk)
    return render(request, "plans/assessment_form.jinja", {"form": form, "person": person})


@requires(Permission.VIEW_PEOPLE)
def assessment_detail(request: SignedInRequest, pk: int, assessment_pk: int) -> HttpResponse:
    person = _person(pk)
    assessment = get_object_or_404(
        Assessment.objects.select_related("recorded_by").prefetch_related(
            "needs", "family_present"
        ),
        pk=assessment_pk,
        person=person,
    )
    audit.record_view(assessment, person_id=person.pk)
    return render(
        request,
        "plans/assessment_detail.jinja",
        {
            "person": person,
            "assessment": assessment,
            "has_plan": selectors.plan_of(person) is not None,
            "flags": selectors.open_safeguarding_tasks(person),
        },
    )


@requires(Permission.VIEW_PEOPLE)
def plan_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    plan = selectors.plan_of(person)
    context: dict[str, Any] = {
        "person": person,
        "plan": plan,
        "assessments": selectors.assessments_of(person),
        "flags": selectors.open_safeguarding_tasks(person),
        "Permission": Permission,
    }
    if plan:
        audit.record_view(plan, person_id=person.pk)
        context.update(_charts(plan))
        context["history"] = selectors.plan_history(plan)
        context["independence"] = selectors.latest_independence_answers(plan)
    return render(request, "plans/plan_detail.jinja", context)


def _charts(plan) -> dict:
    rows = selectors.star_rows(plan)
    return {
        "star_rows": rows,
        "star_chart": selectors.star_chart(plan, rows),
        "goal_chart": selectors.goal_chart(plan),
    }


@requires(Permission.EDIT_PLANS)
def plan_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    plan = selectors.plan_of(person)
    star = plan.star if plan and plan.star else services.star_for(person.organisation)
    form = PlanForm(
        posted(request),
        person=person,
        star=star,
        reviewing=plan is not None,
        initial=PlanForm.initial_from(plan, services.default_review_date()),
    )
    refusal = None
    if request.method == "POST" and form.is_valid():

        def save(expected_version: int) -> None:
            services.save_plan(
                person=person,
                expected_version=expected_version,
                data=form.plan_data(),
                case=selectors.open_case_of(person),
                goals=form.goals(),
                saved_by=request.user,
                independence=form.independence(),
            )

        refusal = save_unless_stale(form, save)
        if refusal is None:
            messages.success(request, "Support plan saved")
            return redirect("plans:plan", pk=person.pk)
        plan = selectors.plan_of(person)
    return render(
        request,
        "plans/plan_form.jinja",
        {"form": form, "person": person, "plan": plan, "refusal": refusal},
    )


def _my_plan_context(request: HttpRequest, pk: int) -> dict:
    person = _person(pk)
    plan = selectors.plan_of(person)
    if plan is None:
        from django.http import Http404

        raise Http404("No support plan yet")
    audit.record_view(plan, person_id=person.pk)
    return {
        "person": person,
        "plan": plan,
        "directory_activities": planned_activities(person),
        "large": request.GET.get("large") == "1",
        **_charts(plan),
    }


@requires(Permission.VIEW_PEOPLE)
def my_plan(request: SignedInRequest, pk: int) -> HttpResponse:
    context = _my_plan_context(request, pk)
    return render(request, "plans/my_plan.jinja", {**context, "pdf": False})


@requires(Permission.VIEW_PEOPLE)
def my_plan_pdf(request: SignedInRequest, pk: int) -> HttpResponse:
    context = _my_plan_context(request, pk)
    html = render_to_string("plans/my_plan.jinja", {**context, "pdf": True}, request=request)
    pdf = render_pdf(
        request,
        html,
        stylesheet="plans/my_plan.css",
        css="html { font-size: 24pt; }" if context["large"] else "html { font-size: 12pt; }",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = "my-support-plan-large-print.pdf" if context["large"] else "my-support-plan.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@requires(Permission.ALLOCATE_REFERRALS)
def task_list(request: SignedInRequest) -> HttpResponse:
    tasks = list(selectors.tasks_to_do())
    return render(
        request,
        "plans/tasks.jinja",
        {
            # Emergency access to restricted records is reviewed on its own page.
            "accesses": list(unreviewed_emergency_accesses()[:100]),
            "open_tasks": [task for task in tasks if task.done_at is None],
            "done_tasks": [task for task in tasks if task.done_at is not None][:50],
        },
    )


@requires(Permission.ALLOCATE_REFERRALS)
def task_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(selectors.tasks_to_do(), pk=pk)
    form = TaskDecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_task(
                task=task, done_by=request.user, decision=form.cleaned_data["decision"]
            )
        except services.TaskError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Dealt with: {task.get_kind_display()}")
            return redirect("plans:tasks")
    audit.record_view(task, person_id=task.person_id)
    return render(request, "plans/task_detail.jinja", {"task": task, "form": form})


@requires(Permission.MANAGE_OWN_ORGANISATION)
def life_areas(request: SignedInRequest) -> HttpResponse:
    organisation = request.user.organisation
    if organisation is None:
        return render(request, "plans/no_organisation.jinja", {"title": "Life areas"})
    current = services.life_areas_for(organisation)
    form = LifeAreasForm(
        posted(request), initial={"areas": "\n".join(area.name for area in current)}
    )
    if request.method == "POST" and form.is_valid():
        services.update_life_areas(organisation=organisation, names=form.cleaned_data["areas"])
        messages.success(request, "Life areas saved")
        return redirect("plans:life_areas")
    retired = LifeArea.objects.filter(organisation=organisation, active=False)
    return render(request, "plans/life_areas.jinja", {"form": form, "retired": retired})


@requires(Permission.MANAGE_OWN_ORGANISATION)
def star_settings(request: SignedInRequest) -> HttpResponse:
    organisation = request.user.organisation
    if organisation is None:
        return render(request, "plans/no_organisation.jinja", {"title": "Outcome star"})
    star = services.star_for(organisation)
    form = OutcomeStarForm(posted(request), instance=star)
    refusal = None
    if request.method == "POST" and form.is_valid():
        refusal = save_unless_stale(
            form,
            lambda expected_version: services.update_star(
                star=star, expected_version=expected_version, data=form.model_changes()
            ),
        )
        if refusal is None:
            messages.success(request, "Outcome star saved")
            return redirect("plans:star_settings")
    return render(request, "plans/star_settings.jinja", {"form": form, "refusal": refusal})


def home_context(request: HttpRequest) -> dict[str, int | None]:
    """A manager's home page counts the tasks waiting for the organisation's managers."""
    # The home page is for signed-in users only; the first test says so to the type checker.
    if not (request.user.is_authenticated and request.user.can(Permission.ALLOCATE_REFERRALS)):
        return {"open_tasks": None}
    return {"open_tasks": selectors.open_task_count()}
