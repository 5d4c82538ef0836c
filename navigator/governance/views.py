"""Information governance pages for service managers: subject access, the retention rule, and
the review of records due for destruction."""

import io
import json
import zipfile

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from navigator.accounts.http import SignedInRequest, own_organisation_id
from navigator.accounts.permissions import Permission
from navigator.audit import services as audit
from navigator.core.pdf import render_pdf
from navigator.core.views import posted, requires
from navigator.governance import selectors, services
from navigator.governance import subject_access as sar
from navigator.governance.forms import DestroyForm, HoldForm, ReleaseForm, RetentionForm
from navigator.governance.models import DestructionReview, ReviewStatus
from navigator.people.selectors import person_or_404, record_ids


@requires(Permission.GOVERN_RECORDS)
def index(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "governance/index.jinja",
        {
            "years": services.retention_years(own_organisation_id(request)),
            "counts": selectors.review_counts(),
            "ReviewStatus": ReviewStatus,
        },
    )


@requires(Permission.GOVERN_RECORDS)
def retention(request: SignedInRequest) -> HttpResponse:
    user, organisation_id = request.user, own_organisation_id(request)
    current = services.retention_years(organisation_id)
    form = RetentionForm(posted(request), initial={"years": current})
    if request.method == "POST" and form.is_valid():
        services.set_retention(
            organisation_id=organisation_id, years=form.cleaned_data["years"], changed_by=user
        )
        messages.success(request, f"Records are now kept {form.cleaned_data['years']} years")
        return redirect("governance:index")
    return render(request, "governance/retention.jinja", {"form": form})


def _note_choices(notes: list[sar.FreeText]) -> list[tuple[str, str]]:
    return [(note.key, f"{note.section}, {note.label}: {note.text}") for note in notes]


@requires(Permission.GOVERN_RECORDS)
def subject_access(request: SignedInRequest, pk: int) -> HttpResponse:
    """What is held about the person, the notes to check for other people's details, and the
    release (a ZIP of a tagged PDF and a JSON file) with the notes ticked withheld."""
    person = person_or_404(pk)
    ids = record_ids(person)
    notes = sar.free_text(ids)
    form = ReleaseForm(posted(request), choices=_note_choices(notes))
    if request.method == "POST" and form.is_valid():
        return _release(request, person, ids, set(form.cleaned_data["withheld"]))
    audit.record_view(person, person_id=person.pk)
    found = sar.sections(ids)
    return render(
        request,
        "governance/subject_access.jinja",
        {"person": person, "sections": found, "form": form, "notes": notes},
    )


def _release(request: SignedInRequest, person, ids: list[int], withheld: set[str]) -> HttpResponse:
    services.record_subject_access(person=person, withheld=len(withheld))
    found = sar.sections(ids, withheld=withheld)
    produced_at = timezone.localtime()
    header = {
        "about": "Everything Navigator holds about one person (a subject access request)",
        "person_id": person.pk,
        "organisation": str(request.user.organisation),
        "produced_at": produced_at.isoformat(),
        "produced_by": str(request.user),
        "values_withheld": len(withheld),
    }
    html = render_to_string(
        "governance/subject_access_pdf.jinja",
        {"person": person, "sections": found, "header": header, "produced_at": produced_at},
        request=request,
    )
    pdf = render_pdf(request, html, stylesheet="governance/subject_access.css")
    document = json.dumps(
        sar.as_json(found, header=header), indent=2, ensure_ascii=False, cls=DjangoJSONEncoder
    )
    stem = f"subject-access-{person.pk}-{produced_at.date().isoformat()}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.pdf", pdf)
        archive.writestr(f"{stem}.json", document)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{stem}.zip"'
    return response


def _review_choices(reviews: list[DestructionReview]) -> list[tuple[str, str]]:
    return [
        (
            str(review.pk),
            f"{review.person.full_name} (record {review.pseudonym}), due "
            f"{review.due_on.strftime('%-d %B %Y')}",
        )
        for review in reviews
    ]


@requires(Permission.GOVERN_RECORDS)
def destruction(request: SignedInRequest) -> HttpResponse:
    due = list(selectors.reviews(ReviewStatus.DUE))
    form = DestroyForm(posted(request), choices=_review_choices(due))
    if request.method == "POST" and form.is_valid():
        chosen = [review for review in due if str(review.pk) in form.cleaned_data["records"]]
        try:
            destroyed = services.destroy(reviews=chosen, approved_by=request.user)
        except services.DestructionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            count = len(destroyed)
            messages.success(request, f"{count} record{'s' if count != 1 else ''} destroyed")
            return redirect("governance:destruction")
    audit.record_list_view([review.person for review in due])
    return render(
        request,
        "governance/destruction.jinja",
        {
            "form": form,
            "due": due,
            "held": list(selectors.reviews(ReviewStatus.HELD)),
            "destroyed": list(selectors.reviews(ReviewStatus.DESTROYED)[:50]),
            "years": services.retention_years(own_organisation_id(request)),
        },
    )


@requires(Permission.GOVERN_RECORDS)
def review(request: SignedInRequest, pk: int) -> HttpResponse:
    """Hold one record due for destruction, saying why; or put a held record back on the list."""
    undecided = DestructionReview.objects.exclude(status=ReviewStatus.DESTROYED)
    review: DestructionReview = get_object_or_404(
        undecided.select_related("person", "held_by"), pk=pk
    )
    form = HoldForm(posted(request)) if review.status == ReviewStatus.DUE else None
    if request.method == "POST":
        try:
            if form is None:
                services.release_hold(review=review)
                messages.success(request, f"Record {review.pseudonym} is listed for review again")
                return redirect("governance:destruction")
            if form.is_valid():
                services.hold(
                    review=review, reason=form.cleaned_data["reason"], held_by=request.user
                )
                messages.success(request, f"Record {review.pseudonym} is held")
                return redirect("governance:destruction")
        except services.DestructionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("governance:destruction")
    audit.record_view(review.person, person_id=review.person_id)
    return render(request, "governance/review.jinja", {"review": review, "form": form})
