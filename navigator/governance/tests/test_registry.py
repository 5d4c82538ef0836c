"""Every table that points at a person says what it holds about them, so subject access and
destruction cannot miss a table added later."""

from navigator.core.person_data import person_data
from navigator.people.models import Person


def test_every_foreign_key_to_a_person_is_covered_by_the_registry():
    pointing = {
        f"{relation.related_model._meta.label_lower}.{relation.field.name}"
        for relation in Person._meta.get_fields(include_hidden=True)
        if relation.auto_created and not relation.concrete
    }
    covered = {key for entry in person_data() for key in entry.covers}
    assert pointing - covered == set()
    assert covered - pointing == set()


def test_the_registry_names_each_kind_once_and_in_a_fixed_order():
    titles = [entry.title for entry in person_data()]
    assert len(titles) == len(set(titles))
    assert titles[0] == "Personal details"
