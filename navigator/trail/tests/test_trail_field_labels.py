from django.urls import reverse

from navigator.people.tests.factories import GPPracticeFactory, PersonFactory
from navigator.people.tests.helpers import person_data


def test_changed_fields_are_named_as_the_form_names_them(
    signed_in, link_worker, manager, organisation
):
    person = PersonFactory(organisation=organisation, nhs_number="", gp_practice=None)
    practice = GPPracticeFactory(name="Quillby Lane Surgery")
    signed_in(link_worker).post(
        reverse("people:edit", args=[person.pk]),
        person_data(person, nhs_number="9434765919", gp_practice=practice),
    )
    person.refresh_from_db()
    assert person.nhs_number == "9434765919"

    html = signed_in(manager).get(reverse("trail:person", args=[person.pk])).text

    assert "<dt>NHS number</dt><dd>– → 943 476 5919</dd>" in html
    assert "<dt>GP practice</dt>" in html
    assert "Nhs number" not in html
    assert "Gp practice" not in html
