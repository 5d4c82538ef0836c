import datetime

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.audit.context import Actor, acting_as
from navigator.audit.models import AuditEvent
from navigator.people import services
from navigator.people.models import FamilyMember, Person, PersonMerge
from navigator.people.tests.factories import FamilyMemberFactory, GPPracticeFactory, PersonFactory

BORN = datetime.date(1955, 12, 10)


@pytest.fixture
def kept(organisation):
    return PersonFactory(
        organisation=organisation,
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth=BORN,
        postcode="LS1 4AP",
        phone="",
        nhs_number="",
    )


@pytest.fixture
def absorbed(organisation):
    return PersonFactory(
        organisation=organisation,
        given_name="Augusta",
        family_name="Lovelace",
        date_of_birth=BORN,
        postcode="LS6 2AB",
        phone="+441134960000",
        nhs_number="9434765919",
        gp_practice=GPPracticeFactory(name="Chapel Allerton Surgery"),
    )


def confirm_url(kept: Person, absorbed: Person) -> str:
    return reverse("people:merge_confirm", args=[kept.pk, absorbed.pk])


def merge(client, kept: Person, absorbed: Person):
    return client.post(confirm_url(kept, absorbed), {"confirm": "on"})


def test_choosing_page_suggests_possible_duplicates(signed_in, manager, kept, absorbed):
    response = signed_in(manager).get(reverse("people:merge", args=[kept.pk]))

    assert response.status_code == 200
    assert f'href="{confirm_url(kept, absorbed)}"' in response.text


def test_searching_finds_a_record_to_compare(signed_in, manager, kept, absorbed):
    client = signed_in(manager)

    found = client.get(reverse("people:merge", args=[kept.pk]), {"q": absorbed.family_name})
    comparison = client.get(confirm_url(kept, absorbed))

    assert found.status_code == 200
    assert f'href="{confirm_url(kept, absorbed)}"' in found.text
    assert f'href="{confirm_url(kept, kept)}"' not in found.text
    assert comparison.status_code == 200
    for value in ("Ada", "Augusta", "LS1 4AP", "LS6 2AB", "943 476 5919", "Chapel Allerton"):
        assert value in comparison.text
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_another_organisations_record_cannot_be_chosen(
    signed_in, manager, kept, other_organisation
):
    theirs = PersonFactory(organisation=other_organisation, date_of_birth=BORN)
    client = signed_in(manager)

    found = client.get(reverse("people:merge", args=[kept.pk]), {"q": theirs.family_name})
    confirm = client.get(confirm_url(kept, theirs))
    posted = merge(client, kept, theirs)

    assert found.status_code == 200
    assert f"Merge {theirs.full_name}" not in found.text
    assert confirm.status_code == 404
    assert posted.status_code == 404
    theirs.refresh_from_db()
    assert theirs.merged_into is None


def test_merging_keeps_the_kept_values_and_fills_its_gaps(signed_in, manager, kept, absorbed):
    response = merge(signed_in(manager), kept, absorbed)

    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[kept.pk])
    kept.refresh_from_db()
    assert kept.given_name == "Ada"
    assert kept.postcode == "LS1 4AP"
    assert kept.phone == "+441134960000"
    assert kept.nhs_number == "9434765919"
    assert kept.gp_practice == absorbed.gp_practice
    assert kept.version == 2


def test_absorbed_record_is_kept_and_marked_merged(signed_in, manager, kept, absorbed):
    merge(signed_in(manager), kept, absorbed)

    absorbed.refresh_from_db()
    assert absorbed.merged_into == kept
    assert absorbed.given_name == "Augusta"
    record = PersonMerge.objects.get()
    assert (record.kept, record.absorbed, record.merged_by) == (kept, absorbed, manager)
    assert record.absorbed_snapshot["given_name"] == "Augusta"
    assert record.absorbed_snapshot["postcode"] == "LS6 2AB"


def test_family_members_move_to_the_kept_record(signed_in, manager, kept, absorbed):
    member = FamilyMemberFactory(person=absorbed, name="Byron Lovelace")

    merge(signed_in(manager), kept, absorbed)

    assert FamilyMember.objects.get(pk=member.pk).person == kept


def test_merge_is_audited_on_both_records(signed_in, manager, kept, absorbed):
    FamilyMemberFactory(person=absorbed)

    merge(signed_in(manager), kept, absorbed)

    on_kept = AuditEvent.objects.get(action=AuditEvent.Action.MERGED, person_id=kept.pk)
    on_absorbed = AuditEvent.objects.get(action=AuditEvent.Action.MERGED, person_id=absorbed.pk)
    assert on_kept.actor == on_absorbed.actor == manager
    assert on_kept.changes["merged_record"] == [None, absorbed.pk]
    assert on_kept.changes["moved"] == [None, {"family members": 1}]
    assert on_kept.changes["nhs_number"] == ["", "9434765919"]
    assert "postcode" not in on_kept.changes
    assert on_absorbed.changes == {"merged_into": [None, kept.pk]}


def test_absorbed_records_pages_point_to_the_kept_record(signed_in, manager, kept, absorbed):
    client = signed_in(manager)
    merge(client, kept, absorbed)

    pages = [
        client.get(reverse(name, args=[absorbed.pk]))
        for name in ("people:detail", "people:edit", "people:timeline", "contacts:person_cases")
    ]

    for response in pages:
        assert response.status_code == 200
        assert "<h1>This record has been merged</h1>" in response.text
        assert f'href="{reverse("people:detail", args=[kept.pk])}"' in response.text
        assert "Go to Ada Lovelace's record" in response.text
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEWED, person_id=kept.pk).exists()


def test_absorbed_record_cannot_be_edited(signed_in, manager, kept, absorbed):
    client = signed_in(manager)
    merge(client, kept, absorbed)

    response = client.post(
        reverse("people:edit", args=[absorbed.pk]),
        {"given_name": "Changed", "family_name": "Lovelace", "version": "2"},
    )

    assert "<h1>This record has been merged</h1>" in response.text
    absorbed.refresh_from_db()
    kept.refresh_from_db()
    assert (absorbed.given_name, kept.given_name) == ("Augusta", "Ada")


def test_kept_record_shows_what_the_absorbed_record_held(signed_in, manager, kept, absorbed):
    client = signed_in(manager)
    merge(client, kept, absorbed)

    html = client.get(reverse("people:detail", args=[kept.pk])).text

    assert "Records merged into this one" in html
    assert f"Record {absorbed.pk}, merged" in html
    assert "Augusta" in html
    assert "LS6 2AB" in html


def test_merged_records_leave_the_list_and_the_suggestions(signed_in, manager, kept, absorbed):
    client = signed_in(manager)
    merge(client, kept, absorbed)

    assert "Augusta" not in client.get(reverse("people:list")).text
    choose = client.get(reverse("people:merge", args=[kept.pk]))
    assert confirm_url(kept, absorbed) not in choose.text


def test_merging_a_record_with_itself_is_refused(signed_in, manager, kept):
    response = merge(signed_in(manager), kept, kept)

    assert response.status_code == 404
    kept.refresh_from_db()
    assert (kept.merged_into, kept.version) == (None, 1)
    assert not PersonMerge.objects.exists()


def test_merging_an_already_merged_record_is_refused(
    signed_in, manager, kept, absorbed, organisation
):
    client = signed_in(manager)
    merge(client, kept, absorbed)
    third = PersonFactory(organisation=organisation, date_of_birth=BORN)

    again = merge(client, third, absorbed)

    assert again.status_code == 404
    absorbed.refresh_from_db()
    assert absorbed.merged_into == kept
    assert PersonMerge.objects.count() == 1


def test_service_refuses_a_record_merged_meanwhile(manager, kept, absorbed, organisation):
    third = PersonFactory(organisation=organisation)
    stale_absorbed = Person.objects.get(pk=absorbed.pk)
    with acting_as(Actor(user=manager)):
        services.merge_people(kept=kept, absorbed=absorbed, merged_by=manager)

        with pytest.raises(services.MergeError):
            services.merge_people(kept=third, absorbed=stale_absorbed, merged_by=manager)
        with pytest.raises(services.MergeError):
            services.merge_people(kept=kept, absorbed=kept, merged_by=manager)

    assert PersonMerge.objects.count() == 1


def test_records_merged_in_turn_keep_their_history(
    signed_in, manager, kept, absorbed, organisation
):
    first = PersonFactory(organisation=organisation, date_of_birth=BORN)
    client = signed_in(manager)
    client.get(reverse("people:detail", args=[first.pk]))
    merge(client, absorbed, first)
    merge(client, kept, absorbed)

    assert client.get(reverse("people:detail", args=[first.pk])).status_code == 200
    trail = client.get(reverse("trail:person", args=[kept.pk])).text
    assert first.full_name in trail


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.VOLUNTEER])
def test_only_managers_may_merge(signed_in, user_with_role, role, kept, absorbed):
    client = signed_in(user_with_role(role))

    assert client.get(reverse("people:merge", args=[kept.pk])).status_code == 403
    assert client.get(confirm_url(kept, absorbed)).status_code == 403
    assert merge(client, kept, absorbed).status_code == 403
    absorbed.refresh_from_db()
    assert absorbed.merged_into is None


def test_merging_needs_confirmation(signed_in, manager, kept, absorbed):
    response = signed_in(manager).post(confirm_url(kept, absorbed), {})

    assert response.status_code == 200
    assert 'href="#id_confirm"' in response.text
    absorbed.refresh_from_db()
    assert absorbed.merged_into is None
