from navigator.contacts.tests.helpers import allocated_through_services, log
from navigator.referrals.states import State


def test_first_connected_contact_moves_the_case(organisation, link_worker) -> None:
    case = allocated_through_services(organisation, link_worker)
    log(case, link_worker, connected=False)
    case.refresh_from_db()
    assert case.state == State.ALLOCATED

    contact = log(case, link_worker)
    case.refresh_from_db()
    assert case.state == State.FIRST_CONTACT
    assert case.first_contact_at == contact.when
    assert case.transitions.filter(to_state=State.FIRST_CONTACT).count() == 1

    log(case, link_worker)
    case.refresh_from_db()
    assert case.state == State.FIRST_CONTACT


def test_logging_from_the_page(organisation, link_worker, signed_in) -> None:
    case = allocated_through_services(organisation, link_worker)
    client = signed_in(link_worker)
    response = client.post(
        f"/cases/{case.pk}/contacts/new/",
        {
            "date_day": "2",
            "date_month": "3",
            "date_year": "2026",
            "time": "10:15",
            "connected": "yes",
            "mode": "in_person",
            "setting": "home",
            "what_happened": "Visited at home",
        },
    )
    assert response.status_code == 302
    contact = case.contacts.get()
    assert contact.setting == "home"
    case.refresh_from_db()
    assert case.state == State.FIRST_CONTACT


def test_in_person_needs_a_setting(organisation, link_worker, signed_in) -> None:
    case = allocated_through_services(organisation, link_worker)
    response = signed_in(link_worker).post(
        f"/cases/{case.pk}/contacts/new/",
        {
            "date_day": "2",
            "date_month": "3",
            "date_year": "2026",
            "connected": "yes",
            "mode": "in_person",
        },
    )
    assert response.status_code == 200
    assert "Select where the contact took place" in response.content.decode()


def test_a_contact_without_a_time_shows_only_its_day(organisation, link_worker, signed_in):
    case = allocated_through_services(organisation, link_worker)
    client = signed_in(link_worker)
    client.post(
        f"/cases/{case.pk}/contacts/new/",
        {
            "date_day": "2",
            "date_month": "3",
            "date_year": "2026",
            "connected": "yes",
            "mode": "telephone",
            "what_happened": "Rang about the lunch club",
        },
    )
    assert case.contacts.get().time_known is False
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "2 Mar 2026</td>" in page
    assert "12:00" not in page
    timeline = client.get(f"/people/{case.person.pk}/timeline/").content.decode()
    assert "2 March 2026</time>" in timeline
    assert "2 March 2026, 12:00" not in timeline
