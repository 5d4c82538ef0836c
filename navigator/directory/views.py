import json
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from navigator.accounts.http import SignedInRequest
from navigator.accounts.permissions import Permission, Role
from navigator.accounts.selectors import users_visible_to
from navigator.core.concurrency import save_unless_stale
from navigator.core.forms import error_list
from navigator.core.views import paginate, posted, requires
from navigator.directory import selectors, services
from navigator.directory.forms import (
    ConfirmForm,
    ImportForm,
    LocationForm,
    ProviderUsersForm,
    SearchForm,
    ServiceForm,
    SuggestionForm,
    SuggestionReviewForm,
    schedule_forms,
)
from navigator.directory.models import (
    DirectoryOrganisation,
    ListingSuggestion,
    Service,
)
from navigator.directory.oruk import csv_layout, export

# A file bigger than this (some thousands of listings) is imported by the background worker.
INLINE_IMPORT_BYTES = 1024 * 1024


@requires(Permission.VIEW_DIRECTORY)
def search(request: SignedInRequest) -> HttpResponse:
    user = request.user
    form = SearchForm(request.GET or None)
    place = None
    searched = form.is_bound and form.is_valid()
    if searched:
        data = form.cleaned_data
        place = selectors.locate(data["postcode"]) if data["postcode"] else None
        results = selectors.search_services(
            words=data["q"],
            category=data["category"] or None,
            weekday=int(data["day"]) if data["day"] != "" else None,
            time_of_day=data["time"],
            free_only=data["free"],
            accessibility=data["accessibility"],
            place=place,
            within_miles=float(data["within"] or 5),
        )
    else:
        results = selectors.search_services()
    page = paginate(request, selectors.as_search_results(results))
    query = request.GET.copy()
    query.pop("page", None)
    # Only those who keep listings are shown the ones to check and the changes suggested.
    keeps_listings = user.can(Permission.MANAGE_DIRECTORY)
    return render(
        request,
        "directory/search.jinja",
        {
            "form": form,
            "page": page,
            "place": place,
            "within": (form.cleaned_data["within"] or 5) if searched else 5,
            "query": ("&" + query.urlencode()) if query else "",
            "searched": searched and any(v for k, v in request.GET.items() if k != "page"),
            "sessions": selectors.sessions_of(page.object_list),
            "to_check": selectors.needing_checks_for(user)[:10] if keeps_listings else [],
            "suggestions_waiting": selectors.suggestions_for(user).count() if keeps_listings else 0,
            "Permission": Permission,
        },
    )


def _service(pk: UUID) -> Service:
    return get_object_or_404(
        Service.objects.select_related(
            "organisation", "owner", "navigator_organisation"
        ).prefetch_related(
            "schedules",
            "categories",
            "contacts",
            "languages",
            "service_areas",
            "organisation__contacts",
            "service_at_locations__location__contacts",
        ),
        pk=pk,
    )


@requires(Permission.VIEW_DIRECTORY)
def service_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    user = request.user
    service = _service(pk)
    return render(
        request,
        "directory/detail.jinja",
        {
            "service": service,
            "locations": [link.location for link in service.service_at_locations.all()],
            "can_edit": selectors.can_edit(user, service),
            "waiting_suggestions": service.suggestions.filter(
                status=ListingSuggestion.Status.WAITING
            ).count(),
            # What other apps know of the service (how referrals to it went, from activities).
            **selectors.service_page_context(service),
            # Those who refer onward need to know the referral stays inside Navigator.
            "uses_navigator": service.navigator_organisation
            if user.can(Permission.REFER_ONWARD)
            else None,
        },
    )


def _editable(request: SignedInRequest, pk: UUID) -> Service:
    """The listing, when this user keeps it up to date; another provider's listing is 403."""
    service = _service(pk)
    if not selectors.can_edit(request.user, service):
        raise PermissionDenied
    return service


def _service_form(request: SignedInRequest, service: Service | None) -> HttpResponse:
    user = request.user
    organisations = selectors.editable_organisations(user)
    form = ServiceForm(posted(request), instance=service, user=user, organisations=organisations)
    location_link = (
        service.service_at_locations.select_related("location").first() if service else None
    )
    location = location_link.location if location_link else None
    location_form = LocationForm(
        posted(request),
        initial={name: getattr(location, name) for name in LocationForm.base_fields}
        if location
        else None,
    )
    schedules = schedule_forms(posted(request), service)
    all_forms = [form, location_form, *schedules]
    refusal = None
    if request.method == "POST" and all(f.is_valid() for f in all_forms):
        data = form.cleaned_data
        saved: list[Service] = []

        def save(expected_version: int) -> None:
            organisation = data["organisation"] or services.create_directory_organisation(
                name=data["new_organisation"]
            )
            saved.append(
                services.save_service(
                    service=service,
                    organisation=organisation,
                    data=data,
                    location=location_form.cleaned_data,
                    schedules=[s.cleaned_data for s in schedules if not s.is_blank],
                    categories=list(data["categories"]),
                    languages=data["language_names"],
                    service_areas=data["area_names"],
                    owner=user.organisation,
                    expected_version=expected_version,
                )
            )

        refusal = save_unless_stale(form, save)
        if refusal is None:
            messages.success(request, f"{saved[0].name} saved")
            return redirect("directory:service", pk=saved[0].pk)
    errors = [entry for f in all_forms if f.is_bound for entry in _prefixed_errors(f)]
    return render(
        request,
        "directory/form.jinja",
        {
            "form": form,
            "location_form": location_form,
            "schedules": schedules,
            "service": service,
            "refusal": refusal,
            "errors": errors,
            "no_organisations": not organisations.exists() and user.role == Role.VCS_PROVIDER,
        },
    )


def _prefixed_errors(form: BaseForm) -> list[dict[str, str]]:
    return error_list(form) if form.errors else []


@requires(Permission.MANAGE_DIRECTORY)
def service_create(request: SignedInRequest) -> HttpResponse:
    return _service_form(request, None)


@requires(Permission.MANAGE_DIRECTORY)
def service_edit(request: SignedInRequest, pk: UUID) -> HttpResponse:
    return _service_form(request, _editable(request, pk))


@requires(Permission.MANAGE_DIRECTORY)
def service_check(request: SignedInRequest, pk: UUID) -> HttpResponse:
    service = _editable(request, pk)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.mark_checked(service=service)
        messages.success(request, f"{service.name} marked as checked today")
        return redirect("directory:service", pk=service.pk)
    return render(request, "directory/check.jinja", {"form": form, "service": service})


@requires(Permission.MANAGE_DIRECTORY)
def import_upload(request: SignedInRequest) -> HttpResponse:
    user = request.user
    form = ImportForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, feed_url = form.cleaned_data["file"], form.cleaned_data["feed_url"]
        if feed_url:
            run = services.queue_import(by=user, feed_url=feed_url)
        elif upload.size > INLINE_IMPORT_BYTES:
            run = services.queue_import(by=user, file_name=upload.name, content=upload.read())
        else:
            run = services.import_directory(content=upload.read(), file_name=upload.name, by=user)
        return redirect("directory:import_report", pk=run.pk)
    runs = selectors.import_runs_for(user).select_related("by")[:10]
    return render(request, "directory/import.jinja", {"form": form, "runs": runs})


@requires(Permission.MANAGE_DIRECTORY)
def import_report(request: SignedInRequest, pk: int) -> HttpResponse:
    # Another organisation's import does not exist for this user.
    run = get_object_or_404(selectors.import_runs_for(request.user).select_related("by"), pk=pk)
    return render(request, "directory/import_report.jinja", {"run": run})


@requires(Permission.VIEW_DIRECTORY)
def export_json(request: SignedInRequest) -> HttpResponse:
    body = json.dumps(
        [export.service_to_oruk(service) for service in export.services_for_export()], indent=2
    )
    response = HttpResponse(body, content_type="application/json")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="directory-{stamp}.json"'
    return response


@requires(Permission.VIEW_DIRECTORY)
def export_csv(request: SignedInRequest) -> HttpResponse:
    response = HttpResponse(
        csv_layout.write_csv(export.services_for_export()), content_type="text/csv"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="directory-{stamp}.csv"'
    return response


@requires(Permission.MANAGE_USERS)
def organisation_providers(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Managers choose which VCS provider users keep an organisation's listings up to date."""
    user = request.user
    organisation = get_object_or_404(DirectoryOrganisation, pk=pk)
    # A manager links provider users only where their organisation keeps a listing; the
    # users they link then keep only the listings their own organisation owns.
    if (
        user.role != Role.ADMINISTRATOR
        and not selectors.editable_services(user).filter(organisation=organisation).exists()
    ):
        raise PermissionDenied
    candidates = users_visible_to(user).filter(role=Role.VCS_PROVIDER)
    form = ProviderUsersForm(
        posted(request),
        users=candidates,
        initial={
            "provider_users": list(organisation.provider_users.filter(pk__in=candidates)),
            "version": organisation.version,
        },
    )
    refusal = None
    if request.method == "POST" and form.is_valid():
        others = organisation.provider_users.exclude(pk__in=candidates)
        refusal = save_unless_stale(
            form,
            lambda expected_version: services.set_provider_users(
                organisation=organisation,
                expected_version=expected_version,
                users=[*others, *form.cleaned_data["provider_users"]],
            ),
        )
        if refusal is None:
            messages.success(request, f"Provider users of {organisation.name} saved")
            return redirect("directory:search")
    return render(
        request,
        "directory/providers.jinja",
        {
            "form": form,
            "organisation": organisation,
            "refusal": refusal,
            "no_candidates": not candidates.exists(),
        },
    )


@requires(Permission.VIEW_DIRECTORY)
def suggest(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Anyone who uses the directory may suggest a change to a listing; the organisation that
    keeps it decides."""
    service = _service(pk)
    form = SuggestionForm(posted(request), service=service)
    if request.method == "POST" and form.is_valid():
        services.suggest_change(
            service=service,
            by=request.user,
            changes=form.changes(),
            note=form.cleaned_data["note"],
        )
        messages.success(request, f"Your suggested change to {service.name} has been sent")
        return redirect("directory:service", pk=service.pk)
    return render(request, "directory/suggest.jinja", {"form": form, "service": service})


@requires(Permission.MANAGE_DIRECTORY)
def suggestions(request: SignedInRequest) -> HttpResponse:
    waiting = selectors.suggestions_for(request.user).select_related("service", "by_organisation")
    return render(request, "directory/suggestions.jinja", {"suggestions": waiting})


@requires(Permission.MANAGE_DIRECTORY)
def suggestion_review(request: SignedInRequest, pk: int) -> HttpResponse:
    """A suggestion to one of the user's own listings: the listing now beside the suggestion;
    another organisation's suggestion is 403, as its listing is."""
    user = request.user
    suggestion = get_object_or_404(
        ListingSuggestion.objects.select_related("service", "by", "by_organisation"), pk=pk
    )
    if not selectors.can_edit(user, suggestion.service):
        raise PermissionDenied
    form = SuggestionReviewForm(posted(request))
    waiting = suggestion.status == ListingSuggestion.Status.WAITING
    if request.method == "POST" and waiting and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        services.review_suggestion(suggestion=suggestion, by=user, accept=accept)
        verb = "accepted" if accept else "declined"
        messages.success(request, f"Suggested change to {suggestion.service.name} {verb}")
        return redirect("directory:suggestions")
    return render(
        request,
        "directory/suggestion.jinja",
        {
            "suggestion": suggestion,
            "rows": SuggestionForm.rows(suggestion),
            "form": form,
            "waiting": waiting,
        },
    )
