"""Every form is taken once per form instance (core/once.py): every POST form Navigator
serves carries a one-time token of its own, and each form that creates something, sent twice
with the same token, makes one record and sends both answers to the same place."""

import datetime
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from navigator.accounts.models import Organisation, Team, User
from navigator.accounts.permissions import Role, role_has
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.accounts.tests.test_user_create import new_user
from navigator.activities.models import ActivityReferral
from navigator.api.models import ApiClient, Scope
from navigator.contacts.models import Contact
from navigator.core.models import FormSubmission
from navigator.core.tasks import SENT_FORMS_KEPT_DAYS, prune_finished_tasks
from navigator.core.tests.shared_data import module_data
from navigator.core.tests.test_url_permissions import (
    PUBLIC,
    SIGNED_IN,
    URLS,
    World,
    make_world,
    staff,
)
from navigator.directory.models import ListingSuggestion, Service
from navigator.directory.tests.factories import ServiceFactory
from navigator.feedback.models import FeedbackResponse
from navigator.feedback.tests.helpers import posted as feedback_posted
from navigator.messaging.models import TextWording
from navigator.outcomes.models import CustomInstrument
from navigator.outreach.models import Cohort
from navigator.outreach.tests.helpers import HEADER
from navigator.people.models import FamilyMember, Person
from navigator.people.tests.helpers import family_member_data, new_person_data
from navigator.plans.models import Assessment
from navigator.plans.tests.factories import assessment_post
from navigator.referrals.models import Referral, ReferralReason
from navigator.referrals.tests.factories import referral_post_data
from navigator.referrals.tests.test_self_referral_helpers import (
    START,
    forget_submissions,
    form_data,
    make_catchment,
)

pytestmark = pytest.mark.django_db
THREADS = 4

POST_FORM = re.compile(r"<form\b[^>]*method=\"?post\"?[^>]*>(.*?)</form>", re.I | re.S)
TOKEN = re.compile(r'name="form_token" value="([0-9a-f-]{36})"')


def entitled(access) -> Role | None:
    """A role that may open a page of the table (None: anonymous)."""
    if access == PUBLIC:
        return None
    if access == SIGNED_IN:
        return Role.LINK_WORKER
    return next(role for role in Role if role_has(role, access))


@dataclass
class Shared:
    world: World
    users: dict[Role, User]


def build_shared() -> Shared:
    """One organisation's records, a listing to suggest changes to, and a user of each role."""
    world = make_world(OrganisationFactory())
    world.extra["once_listing"] = ServiceFactory(owner=OrganisationFactory())
    return Shared(world=world, users=staff(world.organisation))


# Built once for the module's tests: each runs in a savepoint, undone after it.
shared = module_data(build_shared)


def test_every_post_form_served_carries_a_token_of_its_own(client, shared: Shared) -> None:
    world, users = shared.world, shared.users
    tokens, missing, forms = [], [], 0
    for name, row in sorted(URLS.items()):
        url = reverse(name, kwargs=row.kwargs(world))
        client.logout()
        role = entitled(row.access)
        if role is not None:
            client.force_login(users[role])
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        for form in POST_FORM.findall(response.content.decode()):
            forms += 1
            found = TOKEN.findall(form)
            if len(found) != 1:
                missing.append(f"{name} as {role or 'anonymous'}")
            tokens += found
    assert forms > 40  # the scan really reads the project's forms
    assert not missing, "POST forms without one token:\n" + "\n".join(missing)
    assert len(set(tokens)) == len(tokens)


@dataclass(frozen=True)
class CreateForm:
    url: Callable[[World], str]
    model: type[models.Model]
    data: Callable[[World], dict]
    role: Role | None = Role.LINK_WORKER
    # A create view answers with a redirect, except where it shows a secret only once.
    answers_with_a_page: bool = False


def from_table(
    name: str, model: type[models.Model], data: Callable[[World], dict], **options
) -> CreateForm:
    """A create form at its page of the permission table, sent by a role that may use it."""
    return CreateForm(
        lambda w: reverse(name, kwargs=URLS[name].kwargs(w)),
        model,
        data,
        role=entitled(URLS[name].access),
        **options,
    )


def _self_referral(world: World) -> dict:
    make_catchment(world.organisation, "LS6")
    forget_submissions()
    return form_data()


def _listing(world: World) -> Service:
    return world.extra["once_listing"]


LISTING = {"name": "Walking group", "status": "active", "takes_direct_referrals": "on"}

CREATE_FORMS = {
    "people:create": CreateForm(
        lambda w: reverse("people:create"),
        Person,
        lambda w: new_person_data(nhs_number="943 476 5919"),
    ),
    "people:family_add": CreateForm(
        lambda w: reverse("people:family_add", args=[w.person.pk]),
        FamilyMember,
        lambda w: family_member_data(),
    ),
    "referrals:create": CreateForm(
        lambda w: reverse("referrals:create"),
        Referral,
        lambda w: referral_post_data(nhs_number="943 476 5919"),
        role=Role.REFERRER,
    ),
    "self-referral": CreateForm(lambda w: START, Referral, _self_referral, role=None),
    "directory:service_create": CreateForm(
        lambda w: reverse("directory:service_create"),
        Service,
        lambda w: LISTING | {"new_organisation": "Walkers"},
        role=Role.MANAGER,
    ),
    "directory:suggest": CreateForm(
        lambda w: reverse("directory:suggest", args=[_listing(w).pk]),
        ListingSuggestion,
        lambda w: {"name": _listing(w).name, "status": "active", "note": "Moved to Fridays"},
    ),
    "accounts:team_create": CreateForm(
        lambda w: reverse("accounts:team_create"), Team, lambda w: {"name": "East"}, Role.MANAGER
    ),
    "accounts:user_create": from_table("accounts:user_create", User, lambda w: new_user()),
    "accounts:organisation_create": from_table(
        "accounts:organisation_create", Organisation, lambda w: {"name": "Calder Valley SP"}
    ),
    "activities:create": from_table(
        "activities:create",
        ActivityReferral,
        lambda w: {"reason": "Getting outdoors", "action": "draft"},
    ),
    "api:client_create": from_table(
        "api:client_create",
        ApiClient,
        lambda w: {"name": "Surgery EMIS", "scopes": [Scope.choices[0][0]]},
        answers_with_a_page=True,
    ),
    "outcomes:custom_create": from_table(
        "outcomes:custom_create",
        CustomInstrument,
        lambda w: {
            "name": "Confidence getting out",
            "items": "I can use the bus",
            "minimum": "1",
            "maximum": "5",
            "higher_is_better": "yes",
        },
    ),
    "contacts:log_contact": from_table(
        "contacts:log_contact",
        Contact,
        lambda w: {
            "date_day": "2",
            "date_month": "3",
            "date_year": "2026",
            "connected": "yes",
            "mode": "in_person",
            "setting": "home",
            "what_happened": "Visited at home",
        },
    ),
    "plans:assessment_create": from_table(
        "plans:assessment_create", Assessment, lambda w: assessment_post()
    ),
    "feedback:record": from_table(
        "feedback:record",
        FeedbackResponse,
        lambda w: feedback_posted(occasion="other", fft_answer="good"),
    ),
    "messaging:wording_language_add": from_table(
        "messaging:wording_language_add",
        TextWording,
        lambda w: {
            "language": "Urdu",
            "body": "((service)): kya aap pehle session mein gaye? ((link))",
            "action": "save",
        },
    ),
    "referrals:reasons": from_table(
        "referrals:reasons", ReferralReason, lambda w: {"name": "Digital skills"}
    ),
    "outreach:upload": from_table(
        "outreach:upload",
        Cohort,
        lambda w: {
            "name": "Over 75s",
            "reason": "Over 75 and living alone",
            "file": SimpleUploadedFile(
                "cohort.csv",
                (HEADER + "Ada Okafor,12/04/1941,943 476 5919,0113 496 0000,\n").encode(),
                content_type="text/csv",
            ),
        },
    ),
}
# Views named as making something new; each must be in CREATE_FORMS. Others that make
# something under another name (the self-referral, a suggestion) are listed there by hand.
CREATE_VIEW = re.compile(r"(^|[:_])(create|add)$")


def test_every_create_view_of_the_permission_table_is_sent_twice_below() -> None:
    discovered = {name for name in URLS if CREATE_VIEW.search(name)}
    assert len(discovered) >= 11  # the pattern really finds the project's create views
    assert discovered <= set(CREATE_FORMS), discovered - set(CREATE_FORMS)


@pytest.mark.parametrize("name", sorted(CREATE_FORMS))
def test_a_create_form_sent_twice_makes_one_record(client, shared: Shared, name: str) -> None:
    world = shared.world
    form = CREATE_FORMS[name]
    if form.role is not None:
        client.force_login(shared.users[form.role])
    url = form.url(world)
    page = client.get(url).content.decode()
    token = TOKEN.findall(page)[0]
    data = form.data(world) | {"form_token": token}
    before = form.model.objects.count()

    first = client.post(url, data)
    again = client.post(url, data)

    if form.answers_with_a_page:
        assert first.status_code == 200
        assert (again.status_code, again["Location"]) == (302, url)  # back to an empty form
    else:
        assert first.status_code == 302, first.content.decode()[:2000]
        assert (again.status_code, again["Location"]) == (302, first["Location"])
    assert form.model.objects.count() == before + 1


def test_a_form_shown_again_with_errors_takes_the_corrected_one(client, shared: Shared) -> None:
    client.force_login(shared.users[Role.LINK_WORKER])
    url = reverse("people:create")
    token = TOKEN.findall(client.get(url).content.decode())[0]
    wrong = client.post(url, new_person_data(given_name="") | {"form_token": token})
    assert wrong.status_code == 200
    right = client.post(url, new_person_data() | {"form_token": token})
    assert right.status_code == 302
    assert Person.objects.filter(family_name="Hamilton").count() == 1


def test_the_daily_housekeeping_forgets_forms_sent_long_ago() -> None:
    old = FormSubmission.objects.create(token=uuid.uuid4(), redirect_to="/people/1/")
    recent = FormSubmission.objects.create(token=uuid.uuid4(), redirect_to="/people/2/")
    FormSubmission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=SENT_FORMS_KEPT_DAYS + 1)
    )
    prune_finished_tasks.call()
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.django_db(transaction=True)
def test_one_form_sent_from_several_tabs_at_once_makes_one_record() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite's one writer makes the posts wait in turn")
    world = make_world(OrganisationFactory())
    user = UserFactory(organisation=world.organisation, role=Role.LINK_WORKER)
    url = reverse("people:create")
    data = new_person_data(family_name="Quillfeathery") | {"form_token": str(uuid.uuid4())}
    start = threading.Barrier(THREADS)
    answers: list[tuple[int, str]] = []

    def send() -> None:
        client = Client()
        client.force_login(user)
        start.wait()
        try:
            response = client.post(url, data)
            answers.append((response.status_code, response.get("Location", "")))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Person.objects.filter(family_name="Quillfeathery").count() == 1
    assert len(set(answers)) == 1 and answers[0][0] == 302, answers
