"""Report pages and downloads. Managers' pages (VIEW_REPORTS) read their own service and may
hold personal data (the PRSB dataset); commissioners' pages (VIEW_COMMISSIONED_REPORTS) read
the services their organisation funds, as suppressed aggregates only."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from navigator.accounts.http import SignedInRequest
from navigator.accounts.permissions import Permission
from navigator.core.views import requires
from navigator.reports import exports, services
from navigator.reports.charts import chart, chart_description
from navigator.reports.figures import NO_RECORDS, SUPPRESSION_NOTE
from navigator.reports.forms import FilterForm
from navigator.reports.selectors import (
    SECTIONS,
    Report,
    ReportedService,
    Section,
    reported_organisations,
)

FORMATS = {
    "csv": (exports.figures_csv, exports.CSV_TYPE),
    "xlsx": (exports.figures_xlsx, exports.XLSX_TYPE),
}


def _section(slug: str) -> Section:
    if slug not in SECTIONS:
        raise Http404
    return SECTIONS[slug]


def _filter_form(
    request: SignedInRequest, organisations: list[ReportedService], commissioned: bool
) -> FilterForm:
    return FilterForm(request.GET, organisations=organisations, commissioned=commissioned)


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _index(request: SignedInRequest, commissioned: bool) -> HttpResponse:
    return render(
        request,
        "reports/index.jinja",
        {
            "sections": SECTIONS.values(),
            "commissioned": commissioned,
            "organisations": reported_organisations(request.user),
        },
    )


def _section_page(request: SignedInRequest, slug: str, commissioned: bool) -> HttpResponse:
    section = _section(slug)
    # Read once for the form, the report and the page.
    organisations = reported_organisations(request.user)
    form = _filter_form(request, organisations, commissioned)
    filters = request.GET.copy()
    filters.pop("page", None)
    query = filters.urlencode()
    figures = []
    report = None
    if form.is_valid():
        report = Report.for_user(
            request.user,
            form.filters(),
            comments_page=request.GET.get("page") or 1,
            organisations=organisations,
        )
        report_figures = report.figures(section)
        services.record_figures_seen(report_figures)
        figures = [
            {"figure": figure, "chart": chart(figure), "description": chart_description(figure)}
            for figure in report_figures
        ]
    context: dict[str, Any] = {
        "section": section,
        "sections": SECTIONS.values(),
        "form": form,
        "figures": figures,
        "commissioned": commissioned,
        "suppression_note": SUPPRESSION_NOTE,
        "no_records": NO_RECORDS,
        # The filters, for the links to other sections and the downloads (which have every
        # comment, not a page of them) ...
        "query": query,
        # ... and for the comments' page links, which come back to the comments.
        "page_query": (f"&{query}" if query else "") + "#comments-title",
        "organisations": organisations,
    }
    if section.slug == "dataset" and not commissioned and report is not None:
        _, context["opted_out"] = exports.without_opted_out(report.referrals())
    return render(request, "reports/section.jinja", context)


def _section_download(
    request: SignedInRequest, slug: str, file_format: str, commissioned: bool
) -> HttpResponse:
    section = _section(slug)
    if file_format not in FORMATS:
        raise Http404
    organisations = reported_organisations(request.user)
    form = _filter_form(request, organisations, commissioned)
    if not form.is_valid():
        raise Http404
    report = Report.for_user(request.user, form.filters(), organisations=organisations)
    figures = report.figures(section)
    services.record_figures_seen(figures, exported=True)
    write, content_type = FORMATS[file_format]
    filename = f"{section.slug}-{timezone.localdate().isoformat()}.{file_format}"
    return _download(write(figures, suppressed=commissioned), content_type, filename)


@requires(Permission.VIEW_REPORTS)
def index(request: SignedInRequest) -> HttpResponse:
    return _index(request, commissioned=False)


@requires(Permission.VIEW_REPORTS)
def section(request: SignedInRequest, slug: str) -> HttpResponse:
    return _section_page(request, slug, commissioned=False)


@requires(Permission.VIEW_REPORTS)
def download(request: SignedInRequest, slug: str, file_format: str) -> HttpResponse:
    return _section_download(request, slug, file_format, commissioned=False)


@requires(Permission.VIEW_REPORTS)
def prsb_dataset(request: SignedInRequest, file_format: str) -> HttpResponse:
    """The PRSB minimum dataset, one row per referral received in the period: personal data,
    so for the service's own managers only, and every exported referral is audited."""
    writers = {
        "csv": (exports.prsb_csv, exports.CSV_TYPE),
        "xlsx": (exports.prsb_xlsx, exports.XLSX_TYPE),
    }
    if file_format not in writers:
        raise Http404
    organisations = reported_organisations(request.user)
    form = _filter_form(request, organisations, commissioned=False)
    if not form.is_valid():
        raise Http404
    referrals, opted_out = exports.without_opted_out(
        Report.for_user(request.user, form.filters(), organisations=organisations).referrals()
    )
    write, content_type = writers[file_format]
    filename = f"prsb-minimum-dataset-{timezone.localdate().isoformat()}.{file_format}"
    response = _download(write(referrals), content_type, filename)
    # The page offering the download says how many are left out; so does the file's answer.
    response["X-Opted-Out-Excluded"] = str(opted_out)
    return response


@requires(Permission.VIEW_COMMISSIONED_REPORTS)
def commissioned_index(request: SignedInRequest) -> HttpResponse:
    return _index(request, commissioned=True)


@requires(Permission.VIEW_COMMISSIONED_REPORTS)
def commissioned_section(request: SignedInRequest, slug: str) -> HttpResponse:
    return _section_page(request, slug, commissioned=True)


@requires(Permission.VIEW_COMMISSIONED_REPORTS)
def commissioned_download(request: SignedInRequest, slug: str, file_format: str) -> HttpResponse:
    return _section_download(request, slug, file_format, commissioned=True)
