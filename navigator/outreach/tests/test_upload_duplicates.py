"""Nobody is put on the call list twice: not by the same file, nor by a second file."""

import hashlib

import pytest

from navigator.audit.models import AuditEvent
from navigator.outreach.models import Cohort, CohortMember, MemberStatus
from navigator.outreach.tests.helpers import HEADER, problems_by_line, upload

pytestmark = pytest.mark.django_db

FILE = (
    HEADER
    + "Ada Okafor,12/04/1941,943 476 5919,0113 496 0000,\n"
    + "Edith Walker,02/07/1938,999 000 0018,0113 496 0001,\n"
)


@pytest.fixture
def client(signed_in, manager):
    return signed_in(manager)


def test_uploading_the_same_file_again_creates_nothing(client):
    upload(client, FILE)
    first = Cohort.objects.get()

    response = upload(client, FILE, name="Same again", file_name="copy.csv")

    assert response.status_code == 200
    assert "This file was uploaded already" in response.text
    assert f"/outreach/cohorts/{first.pk}/" in response.text  # a link to the earlier report
    assert Cohort.objects.count() == 1
    assert CohortMember.objects.count() == 2


def test_the_file_hash_is_kept(client):
    upload(client, FILE)

    cohort = Cohort.objects.get()
    assert cohort.file_sha256 == hashlib.sha256(FILE.encode()).hexdigest()
    assert cohort.file_name == "cohort.csv"


def test_people_already_on_a_call_list_are_reported_not_added(client):
    upload(client, FILE)
    changed = (
        FILE
        + "Grace Hopper,09/12/1936,999 000 0026,0113 496 0002,\n"
        + "EDITH WALKER,1938-07-02,999 000 0034,0113 496 0003,\n"
    )

    upload(client, changed, name="Second list")

    second = Cohort.objects.get(name="Second list")
    problems = problems_by_line(second)
    assert "already on the call list" in problems[2][0] and "NHS number" in problems[2][0]
    assert "already on the call list" in problems[3][0]
    assert "name and date of birth" in problems[5][0]
    assert [m.family_name for m in second.members.all()] == ["Hopper"]
    assert CohortMember.objects.count() == 3


def test_people_who_left_the_list_can_be_listed_again(client):
    upload(client, FILE)
    CohortMember.objects.update(status=MemberStatus.LEFT_LIST, left_reason="Wrong number")

    upload(client, FILE + "\n", name="Over 75s, second try")

    assert CohortMember.objects.filter(status=MemberStatus.ON_LIST).count() == 2


def test_the_upload_and_each_member_added_are_audited(client, manager):
    upload(client, FILE)

    events = AuditEvent.objects.filter(action=AuditEvent.Action.CREATED)
    assert events.filter(object_type="outreach.cohort").count() == 1
    member_events = events.filter(object_type="outreach.cohortmember")
    assert member_events.count() == 2
    event = member_events.get(object_label="Ada Okafor")
    assert event.actor == manager
    assert event.changes["nhs_number"] == [None, "9434765919"]
    assert event.changes["date_of_birth"] == [None, "1941-04-12"]


def test_two_cohorts_may_not_share_a_name(client):
    upload(client, FILE, name="Over 75s")

    response = upload(
        client, HEADER + "Edna Clarke,03/03/1939,,0113 496 0002,\n", name=" over 75S "
    )

    assert response.status_code == 200
    assert "A cohort is already called over 75S" in response.text
    assert 'href="#id_name"' in response.text
    assert Cohort.objects.count() == 1
