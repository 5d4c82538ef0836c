from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from navigator.accounts.http import SignedInRequest, own_organisation
from navigator.accounts.permissions import Permission
from navigator.audit import services as audit
from navigator.core.concurrency import save_unless_stale
from navigator.core.formatting import field_label
from navigator.core.person_page import person_page_parts
from navigator.core.scoping import restricted_flags, restricted_records_included
from navigator.core.timeline import timeline_for
from navigator.core.views import form_page, paginate, posted, requires
from navigator.people import selectors, services
from navigator.people.forms import (
    ConfirmForm,
    FamilyMemberForm,
    FlagDuplicateForm,
    PersonForm,
    PersonSearchForm,
    PracticeEmailForm,
    PracticeSearchForm,
)
from navigator.people.models import FamilyMember, GPPractice, Person, PersonMerge
from navigator.plans.models import ManagerTask
from navigator.plans.services import raise_manager_task


@requires(Permission.VIEW_PEOPLE)
def person_list(request: SignedInRequest) -> HttpResponse:
    search = PersonSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    # A restricted record is listed, tagged, so that staff know it exists; its details are
    # withheld from those it does not name (the template shows only the name).
    with restricted_records_included():
        people = selectors.as_listed(selectors.search_people(query))
    page = paginate(request, restricted_flags(people, request.user.pk))
    audit.record_list_view(page.object_list)
    return render(request, "people/list.jinja", {"search": search, "page": page, "query": query})


@requires(Permission.EDIT_PEOPLE)
def person_create(request: SignedInRequest) -> HttpResponse:
    form = PersonForm(posted(request))
    duplicates: list[Person] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = selectors.possible_duplicates(
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            nhs_number=data["nhs_number"],
            postcode=data["postcode"],
        )
        if duplicates and not data["confirm_not_duplicate"]:
            form.add_error(
                "confirm_not_duplicate",
                "This may be someone who already has a record. Check the records listed, "
                "then confirm none of them is this person",
            )
        else:
            person = services.create_person(
                organisation=own_organisation(request), data=form.model_changes()
            )
            messages.success(request, f"Record created for {person.full_name}")
            return redirect("people:detail", pk=person.pk)
    return render(
        request, "people/form.jinja", {"form": form, "duplicates": duplicates, "person": None}
    )


@requires(Permission.VIEW_PEOPLE)
def person_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    person = selectors.person_or_404(pk)
    audit.record_view(person, person_id=person.pk)
    merges = [
        (merge, selectors.labelled(merge.absorbed_snapshot))
        for merge in PersonMerge.objects.filter(kept=person).select_related("merged_by")
    ]
    return render(
        request,
        "people/detail.jinja",
        {
            "person": person,
            "family_members": person.family_members.all(),
            "merges": merges,
            "Permission": Permission,
            # The restriction (restrictions) and the overview of the case (contacts).
            **person_page_parts(request.user, person),
        },
    )


@requires(Permission.EDIT_PEOPLE)
def person_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    person = selectors.person_or_404(pk)
    form = PersonForm(posted(request), instance=person)
    refusal = None
    if request.method == "POST" and form.is_valid():
        refusal = save_unless_stale(
            form,
            lambda expected_version: services.update_person(
                person=person,
                expected_version=expected_version,
                data=form.model_changes(),
                reason=form.reason(),
            ),
        )
        if refusal is None:
            messages.success(request, "Changes saved")
            return redirect("people:detail", pk=person.pk)
        person = refusal.current
    else:
        audit.record_view(person, person_id=person.pk)
    return render(
        request,
        "people/form.jinja",
        {"form": form, "person": person, "duplicates": [], "refusal": refusal},
    )


@requires(Permission.VIEW_PEOPLE)
def person_timeline(request: SignedInRequest, pk: int) -> HttpResponse:
    person = selectors.person_or_404(pk)
    audit.record_view(person, person_id=person.pk)
    return render(
        request, "people/timeline.jinja", {"person": person, "entries": timeline_for(person)}
    )


@requires(Permission.EDIT_PEOPLE)
def family_member_add(request: SignedInRequest, pk: int) -> HttpResponse:
    person = selectors.person_or_404(pk)
    form = FamilyMemberForm(posted(request))
    if request.method == "POST" and form.is_valid():
        member = services.add_family_member(person=person, data=form.model_changes())
        messages.success(request, f"{member.name} added")
        return redirect("people:detail", pk=person.pk)
    return render(
        request, "people/family_member_form.jinja", {"form": form, "person": person, "member": None}
    )


@requires(Permission.EDIT_PEOPLE)
def family_member_edit(request: SignedInRequest, pk: int, member_pk: int) -> HttpResponse:
    person = selectors.person_or_404(pk)
    member = get_object_or_404(FamilyMember, pk=member_pk, person=person)
    form = FamilyMemberForm(posted(request), instance=member)
    refusal = None
    if request.method == "POST" and form.is_valid():
        refusal = save_unless_stale(
            form,
            lambda expected_version: services.update_family_member(
                member=member,
                expected_version=expected_version,
                data=form.model_changes(),
                reason=form.reason(),
            ),
        )
        if refusal is None:
            messages.success(request, "Changes saved")
            return redirect("people:detail", pk=person.pk)
        member = refusal.current
    else:
        audit.record_view(member, person_id=person.pk)
    return render(
        request,
        "people/family_member_form.jinja",
        {"form": form, "person": person, "member": member, "refusal": refusal},
    )


@requires(Permission.EDIT_PEOPLE)
def family_member_remove(request: SignedInRequest, pk: int, member_pk: int) -> HttpResponse:
    person = selectors.person_or_404(pk)
    member = get_object_or_404(FamilyMember, pk=member_pk, person=person)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.remove_family_member(member=member)
        messages.success(request, f"{member.name} removed")
        return redirect("people:detail", pk=person.pk)
    return render(
        request,
        "people/confirm.jinja",
        {
            "form": form,
            "person": person,
            "title": f"Remove {member.name} from {person.full_name}'s record?",
            "button_text": "Remove",
        },
    )


MERGE_SEARCH_LIMIT = 20


def _choose_other_record(request: HttpRequest, pk: int, *, flagging: bool) -> HttpResponse:
    """Possible matches and a search for the record a manager merges with this one, or a
    link worker flags as possibly the same person."""
    person = selectors.person_or_404(pk)
    suggested = selectors.possible_duplicates(
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        nhs_number=person.nhs_number,
        postcode=person.postcode,
        exclude_pk=person.pk,
    )
    search = PersonSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    found = (
        list(selectors.search_people(query).exclude(pk=person.pk)[:MERGE_SEARCH_LIMIT])
        if query
        else []
    )
    audit.record_list_view([*suggested, *found])
    return render(
        request,
        "people/merge.jinja",
        {
            "search": search,
            "query": query,
            "found": found,
            "limit": MERGE_SEARCH_LIMIT,
            "person": person,
            "suggested": suggested,
            "flagging": flagging,
        },
    )


@requires(Permission.MERGE_PEOPLE)
def person_merge(request: SignedInRequest, pk: int) -> HttpResponse:
    return _choose_other_record(request, pk, flagging=False)


@requires(Permission.EDIT_PEOPLE)
def person_flag_duplicate(request: SignedInRequest, pk: int) -> HttpResponse:
    return _choose_other_record(request, pk, flagging=True)


@requires(Permission.EDIT_PEOPLE)
def person_flag_duplicate_confirm(request: SignedInRequest, pk: int, other_pk: int) -> HttpResponse:
    person = selectors.person_or_404(pk)
    other = get_object_or_404(selectors.merge_candidates(person), pk=other_pk)
    form = FlagDuplicateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        raise_manager_task(
            kind=ManagerTask.Kind.POSSIBLE_DUPLICATE,
            person=person,
            other_person=other,
            details=form.cleaned_data["details"],
            raised_by=request.user,
        )
        messages.success(request, "A service manager has been asked to check the two records")
        return redirect("people:detail", pk=person.pk)
    audit.record_view(other, person_id=other.pk)
    return render(
        request,
        "people/flag_duplicate.jinja",
        {"form": form, "person": person, "other": other},
    )


MERGE_COMPARED_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "nhs_number",
    "postcode",
    "phone",
    "email",
    "gp_practice",
)


@requires(Permission.MERGE_PEOPLE)
def person_merge_confirm(request: SignedInRequest, pk: int, other_pk: int) -> HttpResponse:
    kept = selectors.person_or_404(pk)
    absorbed = get_object_or_404(selectors.merge_candidates(kept), pk=other_pk)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.merge_people(kept=kept, absorbed=absorbed, merged_by=request.user)
        except services.MergeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Records merged into {kept.full_name}'s record")
            return redirect("people:detail", pk=kept.pk)
    audit.record_view(kept, person_id=kept.pk)
    audit.record_view(absorbed, person_id=absorbed.pk)
    return render(
        request,
        "people/merge_confirm.jinja",
        {
            "form": form,
            "kept": kept,
            "absorbed": absorbed,
            "fields": [
                (name, field_label(name, Person), getattr(kept, name), getattr(absorbed, name))
                for name in MERGE_COMPARED_FIELDS
            ],
            "held": selectors.records_held(kept=kept, absorbed=absorbed),
            "refusal": services.merge_refusal(kept=kept, absorbed=absorbed),
            "action": reverse("people:merge_confirm", args=[kept.pk, absorbed.pk]),
        },
    )


@requires(Permission.MANAGE_GP_PRACTICES)
def practice_list(request: SignedInRequest) -> HttpResponse:
    search = PracticeSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = paginate(request, selectors.search_practices(query))
    return render(
        request, "people/practice_list.jinja", {"search": search, "page": page, "query": query}
    )


@requires(Permission.MANAGE_GP_PRACTICES)
def practice_email(request: SignedInRequest, ods_code: str) -> HttpResponse:
    practice = get_object_or_404(GPPractice, ods_code=ods_code)
    form = PracticeEmailForm(posted(request), initial={"email": practice.email})
    return form_page(
        request,
        form=form,
        perform=lambda: services.set_practice_email(
            practice=practice, email=form.cleaned_data["email"]
        ),
        refused=services.PracticeEmailRefused,
        done=f"{practice.name}'s e-mail address is saved",
        then="people:practice_list",
        template="people/practice_email.jinja",
        context={"practice": practice},
    )
