import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.urls import reverse
from django_scopes import ScopeError, scope

from navigator.accounts.permissions import Role
from navigator.audit.models import AuditEvent
from navigator.core.scoping import (
    ScopedRecordsManager,
    organisation_scope,
    restricted_records_included,
)
from navigator.people.models import FamilyMember, Person
from navigator.people.tests.factories import FamilyMemberFactory, PersonFactory
from navigator.restrictions.tests.factories import RestrictionFactory


@pytest.fixture
def ada(organisation):
    return PersonFactory(organisation=organisation, given_name="Ada")


@pytest.fixture
def bob(other_organisation):
    return PersonFactory(organisation=other_organisation, given_name="Bob")


def test_query_outside_any_organisation_scope_raises(ada):
    # The autouse fixture disables scopes; an enabled scope naming no organisation is what
    # code outside a request (a command, a task) runs in.
    with scope(), pytest.raises(ScopeError):
        list(Person.objects.all())


@pytest.mark.parametrize("model", [Person, FamilyMember, AuditEvent])
def test_every_personal_data_model_is_scoped(model):
    with scope(), pytest.raises(ScopeError):
        model.objects.filter(pk=1).exists()


def test_inside_an_organisation_only_its_people_are_visible(ada, bob, organisation):
    with scope(organisation=organisation.pk):
        assert list(Person.objects.all()) == [ada]
        assert not Person.objects.filter(pk=bob.pk).exists()
        with pytest.raises(Person.DoesNotExist):
            Person.objects.get(pk=bob.pk)


def test_family_members_are_scoped_as_well(ada, organisation, other_organisation):
    own = FamilyMemberFactory(person=ada)
    FamilyMemberFactory(person__organisation=other_organisation)
    with scope(organisation=organisation.pk):
        assert list(FamilyMember.objects.all()) == [own]


def test_user_scope_matches_their_organisation(ada, bob, link_worker):
    with organisation_scope(link_worker):
        assert list(Person.objects.all()) == [ada]


def test_anonymous_scope_sees_nothing(ada, bob):
    with organisation_scope(AnonymousUser()):
        assert Person.objects.count() == 0


def test_administrator_without_organisation_sees_no_people(ada, user_with_role):
    administrator = user_with_role(Role.ADMINISTRATOR)
    with organisation_scope(administrator):
        assert Person.objects.count() == 0


def test_anonymous_request_is_sent_to_sign_in(client, ada):
    response = client.get(reverse("people:detail", args=[ada.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not AuditEvent.objects.exists()


def test_request_runs_in_its_users_scope(signed_in, link_worker, ada, bob):
    client = signed_in(link_worker)
    assert client.get(reverse("people:detail", args=[ada.pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[bob.pk])).status_code == 404


def test_a_restriction_made_during_a_request_hides_the_record_from_its_next_query(
    ada, link_worker, manager
):
    # A request builds the subquery of the people hidden from its viewer once and reuses it:
    # what it reuses is the question, asked again by each query, not an earlier answer.
    with organisation_scope(link_worker):
        assert list(Person.objects.all()) == [ada]
        RestrictionFactory(person=ada, named_staff=[manager])
        assert list(Person.objects.all()) == []
    with organisation_scope(manager):
        assert list(Person.objects.all()) == [ada]


def test_a_requests_querysets_start_alike_whatever_an_earlier_one_was_narrowed_to(
    ada, organisation, link_worker
):
    # The scope builds a model's rows once per request and hands out copies: narrowing,
    # ordering or limiting one copy leaves the next as the scope made it.
    cleo = PersonFactory(organisation=organisation, given_name="Cleo")
    with organisation_scope(link_worker):
        assert list(Person.objects.filter(given_name="Ada")) == [ada]
        assert list(Person.objects.order_by("-given_name")[:1]) == [cleo]
        assert list(ada.family_members.all()) == []
        assert sorted(Person.objects.values_list("given_name", flat=True)) == ["Ada", "Cleo"]


def test_a_scope_opened_inside_a_request_reads_its_own_organisation(
    ada, bob, link_worker, other_organisation
):
    with organisation_scope(link_worker):
        assert list(Person.objects.all()) == [ada]
        with scope(organisation=other_organisation.pk):
            assert list(Person.objects.all()) == [bob]
        assert list(Person.objects.all()) == [ada]


def test_records_hidden_from_a_request_are_listed_where_it_asks_for_them(ada, link_worker, manager):
    RestrictionFactory(person=ada, named_staff=[manager])
    with organisation_scope(link_worker):
        assert list(Person.objects.all()) == []
        with restricted_records_included():
            assert list(Person.objects.all()) == [ada]
        assert list(Person.objects.all()) == []


def test_a_manager_with_a_queryset_of_its_own_is_handed_its_own_kind(ada, link_worker):
    class Marked(QuerySet):
        pass

    marked = ScopedRecordsManager.from_queryset(Marked)()
    marked.model = Person
    with organisation_scope(link_worker):
        assert list(Person.objects.all()) == [ada]
        rows = marked.all()
        assert isinstance(rows, Marked)
        assert list(rows) == [ada]
