from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render

from navigator.accounts.http import SignedInRequest, own_organisation
from navigator.accounts.permissions import Permission
from navigator.audit import services as audit
from navigator.core.concurrency import StaleEditError, save_unless_stale
from navigator.core.views import paginate, posted, requires
from navigator.outreach import selectors, services
from navigator.outreach.csv_import import FileRefused
from navigator.outreach.forms import CallAttemptForm, CohortUploadForm, OutreachSettingsForm
from navigator.outreach.models import CohortMember, MemberStatus

PROBLEMS_PER_PAGE = 100


@requires(Permission.CALL_OUTREACH)
def call_list(request: SignedInRequest) -> HttpResponse:
    page = paginate(request, selectors.call_list())
    services.record_members_viewed(page.object_list)
    return render(request, "outreach/call_list.jinja", {"page": page, "Permission": Permission})


@requires(Permission.CALL_OUTREACH)
def member_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        CohortMember.objects.select_related("cohort", "person", "referral"), pk=pk
    )
    form = CallAttemptForm(posted(request), initial={"version": member.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            attempt = services.log_attempt(
                member=member,
                expected_version=data["version"] or 0,
                outcome=data["outcome"],
                by=request.user,
                call_back_at=data["call_back_at"],
                note=data["note"],
                consent=form.consent(),
            )
        except (services.NotOnList, services.NoConsent) as error:
            form.add_error(None, f"{error}: your call was not logged")
            member.refresh_from_db()
        except StaleEditError as error:
            form.data = cast(QueryDict, form.data).copy()  # the form was posted
            form.data["version"] = error.current.version
            form.add_error(
                None,
                f"Someone else logged a call to {member.full_name} while you had this page "
                "open. Check their call below; if yours was a different call, log it again",
            )
            member = error.current
        else:
            messages.success(request, _logged_message(attempt.member))
            return redirect("outreach:call_list")
    else:
        audit.record_view(member, person_id=member.person_id)
    return render(
        request,
        "outreach/member.jinja",
        {
            "member": member,
            "form": form,
            "attempts": selectors.attempts_for(member),
            "MemberStatus": MemberStatus,
        },
    )


def _logged_message(member: CohortMember) -> str:
    member.refresh_from_db()
    if member.status == MemberStatus.WANTS_SUPPORT and member.referral:
        return (
            f"Call logged. Referral {member.referral.reference} made for {member.full_name}"
            f" ({member.referral.get_state_display().lower()})"
        )
    if member.status == MemberStatus.LEFT_LIST:
        return f"Call logged. {member.full_name} has left the call list: {member.left_reason}"
    return f"Call to {member.full_name} logged"


@requires(Permission.MANAGE_OUTREACH)
def cohort_list(request: SignedInRequest) -> HttpResponse:
    page = paginate(request, selectors.cohorts())
    settings_row = services.outreach_settings(own_organisation(request))
    return render(
        request, "outreach/cohort_list.jinja", {"page": page, "settings_row": settings_row}
    )


@requires(Permission.MANAGE_OUTREACH)
def cohort_upload(request: SignedInRequest) -> HttpResponse:
    form = CohortUploadForm(posted(request), request.FILES or None)
    earlier = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            cohort = services.upload_cohort(
                organisation=own_organisation(request),
                uploaded_by=request.user,
                name=form.cleaned_data["name"],
                reason=form.cleaned_data["reason"],
                file_name=upload.name,
                content=upload.read(),
            )
        except services.NameTaken as error:
            form.add_error("name", str(error))
        except FileRefused as error:
            form.add_error("file", str(error))
            earlier = getattr(error, "cohort", None)
        else:
            imported = cohort.report["imported"]
            messages.success(
                request,
                f"{imported} {'person' if imported == 1 else 'people'} added to the call list",
            )
            return redirect("outreach:cohort", pk=cohort.pk)
    return render(request, "outreach/upload.jinja", {"form": form, "earlier": earlier})


@requires(Permission.MANAGE_OUTREACH)
def cohort_report(request: SignedInRequest, pk: int) -> HttpResponse:
    cohort = get_object_or_404(selectors.cohorts(), pk=pk)
    problems = Paginator(cohort.report.get("problems", []), PROBLEMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "outreach/cohort_report.jinja",
        {"cohort": cohort, "report": cohort.report, "problems": problems},
    )


@requires(Permission.MANAGE_OUTREACH)
def settings_edit(request: SignedInRequest) -> HttpResponse:
    settings_row = services.outreach_settings(own_organisation(request))
    form = OutreachSettingsForm(posted(request), instance=settings_row)
    refusal = None
    if request.method == "POST" and form.is_valid():
        refusal = save_unless_stale(
            form,
            lambda expected_version: services.update_settings(
                settings_row=settings_row,
                expected_version=expected_version,
                data=form.model_changes(),
            ),
        )
        if refusal is None:
            messages.success(request, "Outreach settings saved")
            return redirect("outreach:cohort_list")
    return render(request, "outreach/settings.jinja", {"form": form, "refusal": refusal})
