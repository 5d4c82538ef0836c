"""Feedback pages: thin views; reads in selectors.py, writes in services.py."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode

from navigator.accounts.http import SignedInRequest
from navigator.accounts.permissions import Permission
from navigator.audit import services as audit
from navigator.audit.models import AuditEvent
from navigator.contacts import selectors as contact_selectors
from navigator.core.views import paginate, posted, requires
from navigator.feedback import selectors, services
from navigator.feedback.forms import (
    FeedbackForm,
    OccasionFilterForm,
    SendLinkForm,
    StaffFeedbackForm,
)
from navigator.feedback.models import FeedbackResponse
from navigator.links.models import Purpose, SecureLink
from navigator.links.services import LinkRefused
from navigator.links.views import refused, secure_link_view
from navigator.people.selectors import person_or_404
from navigator.referrals.models import Referral


def _case(pk: int) -> Referral:
    referral = get_object_or_404(Referral.objects.select_related("person", "organisation"), pk=pk)
    if referral.person_id is None:
        raise Http404
    return referral


def _audit_listed(responses: list[FeedbackResponse]) -> None:
    """Each response shown counts as viewed; an anonymous one is not tied to the person."""
    audit.record_many(
        action=AuditEvent.Action.VIEWED,
        instances=responses,
        person_id=lambda response: (
            None if response.anonymous or response.referral is None else response.referral.person_id
        ),
    )


@requires(Permission.READ_FEEDBACK)
def feedback_list(request: SignedInRequest) -> HttpResponse:
    search = OccasionFilterForm(request.GET or None)
    occasion = search.cleaned_data["occasion"] if search.is_valid() else ""
    found = selectors.responses(occasion=occasion)
    page = paginate(request, found)
    _audit_listed(list(page.object_list))
    return render(
        request,
        "feedback/list.jinja",
        {
            "search": search,
            "page": page,
            "summary": selectors.fft_summary(found),
            "query": ("&" + urlencode({"occasion": occasion})) if occasion else "",
        },
    )


@requires(Permission.RECORD_OUTCOMES)
def person_feedback(request: SignedInRequest, pk: int) -> HttpResponse:
    person = person_or_404(pk)
    page = paginate(request, selectors.named_responses_of(person))
    _audit_listed(list(page.object_list))
    audit.record_view(person, person_id=person.pk)
    return render(
        request,
        "feedback/person.jinja",
        {
            "person": person,
            "page": page,
            "cases": list(contact_selectors.cases_of(person)),
            "requests": list(selectors.requests_of(person)[:10]),
        },
    )


@requires(Permission.RECORD_OUTCOMES)
def record_feedback(request: SignedInRequest, pk: int) -> HttpResponse:
    referral = _case(pk)
    form = StaffFeedbackForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_response(
                referral=referral, occasion=form.cleaned_data["occasion"], data=form.answers()
            )
        except services.FeedbackRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Feedback recorded")
            return redirect("feedback:person", pk=referral.person_id)
    return render(request, "feedback/record.jinja", {"form": form, "referral": referral})


@requires(Permission.RECORD_OUTCOMES)
def send_link(request: SignedInRequest, pk: int) -> HttpResponse:
    referral = _case(pk)
    form = SendLinkForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.send_request(referral=referral, occasion=form.cleaned_data["occasion"])
        except services.FeedbackRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Feedback link sent to {sent.request.link.sent_to}")
            return redirect("feedback:person", pk=referral.person_id)
    return render(request, "feedback/send_link.jinja", {"form": form, "referral": referral})


@secure_link_view(Purpose.FEEDBACK)
def give_feedback(request: HttpRequest, link: SecureLink) -> HttpResponse:
    """The page a person (or their family member or friend) opens from the e-mail. It names
    the service and nothing about the person: whoever holds the link may not be them."""
    form = FeedbackForm(posted(request))
    context = {"form": form, "service_name": link.organisation.name}
    if request.method == "POST" and form.is_valid():
        try:
            services.record_response(link=link, data=form.answers())
        except LinkRefused as refusal:
            return refused(request, refusal.reason)
        except services.FeedbackRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return render(request, "feedback/thanks.jinja", context)
    return render(request, "feedback/give.jinja", context)
