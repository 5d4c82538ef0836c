"""Every field of every form renders as the NHS.UK component that matches its type.

The forms are found by walking every Navigator module (not listed by hand), so a new form is
checked the day it is written. Each is built with the keyword arguments its views pass (from
`ARGUMENTS`, by parameter name) and each visible field goes through the shared `field` macro,
as on a page:

- several choices (a multiple-choice field): NHS.UK checkboxes, one box per choice, several of
  which can be ticked at once;
- one choice: NHS.UK radios or a select that takes one value;
- a date: the NHS.UK date input (day, month and year);
- yes or no (a boolean): a single checkbox;
- anything else: a text input or a textarea.
"""

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from django.template import engines

import navigator
from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.core.forms import DateField
from navigator.core.tests.shared_data import module_data
from navigator.directory.tests.factories import ServiceFactory, TaxonomyTermFactory
from navigator.outcomes import selectors as outcome_selectors
from navigator.outcomes.instruments import INSTRUMENTS
from navigator.people.tests.factories import FamilyMemberFactory, PersonFactory
from navigator.plans import services as plan_services
from navigator.referrals.tests.factories import ReferralReasonFactory


def _abstract(form_class: type[forms.BaseForm]) -> bool:
    """A ModelForm base with no model of its own (its subclasses are checked instead)."""
    return issubclass(form_class, forms.BaseModelForm) and form_class._meta.model is None


def discovered_forms() -> list[type[forms.BaseForm]]:
    """Every form class defined in Navigator's own modules (tests and migrations aside)."""
    found = []
    for info in pkgutil.walk_packages(navigator.__path__, "navigator."):
        if ".tests" in info.name or ".migrations" in info.name:
            continue
        module = importlib.import_module(info.name)
        found.extend(
            value
            for value in vars(module).values()
            if inspect.isclass(value)
            and issubclass(value, forms.BaseForm)
            and value.__module__ == module.__name__
            and not _abstract(value)
        )
    return sorted(found, key=lambda form: f"{form.__module__}.{form.__qualname__}")


FORMS = discovered_forms()


def _required_keywords(form_class: type[forms.BaseForm]) -> list[str]:
    parameters = inspect.signature(form_class.__init__).parameters.values()
    return [
        parameter.name
        for parameter in parameters
        if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty
    ]


# What the views pass for each keyword-only parameter, by its name, built from `world`. Optional
# parameters that add fields are given too, so that those fields are checked as well.
ARGUMENTS: dict[str, Callable[[dict], Any]] = {
    "acting_user": lambda world: world["administrator"],  # sees every field
    "organisation": lambda world: world["organisation"],
    "organisation_id": lambda world: world["organisation"].pk,
    "organisations": lambda world: type(world["organisation"]).objects.all(),
    "commissioned": lambda world: False,
    "person": lambda world: world["person"],
    "life_areas": lambda world: plan_services.life_areas_for(world["organisation"]),
    "star": lambda world: plan_services.star_for(world["organisation"]),
    "reviewing": lambda world: True,
    "keyed_in": lambda world: True,
    "candidates": lambda world: [world["person"]],
    "companions": lambda world: type(world["manager"]).objects.all(),
    "users": lambda world: type(world["manager"]).objects.all(),
    "service": lambda world: ServiceFactory(),
    "user": lambda world: world["manager"],
    "instruments": lambda world: list(INSTRUMENTS.values()),
    "library": lambda world: outcome_selectors.library(world["organisation"]),
    "taken": lambda world: set(),
    "items": lambda world: list(INSTRUMENTS["ons4"].items),
    "answers": lambda world: {},
    "ask_how": lambda world: [("alone", "On their own"), ("helped", "With help")],
    "reason_required": lambda world: True,
    "choices": lambda world: [("first", "First"), ("second", "Second"), ("third", "Third")],
    "deployment": lambda world: True,  # shows the organisation filter too
}


def build_world() -> dict:
    organisation = OrganisationFactory()
    person = PersonFactory(organisation=organisation)
    FamilyMemberFactory(person=person, name="Chidi Okafor")
    FamilyMemberFactory(person=person, name="Ngozi Okafor")
    OrganisationFactory(name="West Yorkshire Integrated Care Board")
    for role in (Role.LINK_WORKER, Role.VOLUNTEER, Role.VCS_PROVIDER):
        UserFactory(organisation=organisation, role=role)
    # Every list of choices has several, so that ticking several can be tried.
    for _ in range(3):
        ReferralReasonFactory(organisation=organisation)
        TaxonomyTermFactory()
    return {
        "organisation": organisation,
        "administrator": UserFactory(organisation=None, role=Role.ADMINISTRATOR),
        "manager": UserFactory(organisation=organisation, role=Role.MANAGER),
        "person": person,
    }


# Built once for the module's tests: each runs in a savepoint, undone after it.
world = module_data(build_world)


def build(form_class: type[forms.BaseForm], world: dict, data: dict | None = None):
    missing = [name for name in _required_keywords(form_class) if name not in ARGUMENTS]
    assert not missing, (
        f"{form_class.__qualname__} needs {missing}: add how its views build them to ARGUMENTS"
    )
    parameters = inspect.signature(form_class.__init__).parameters
    kwargs = {name: make(world) for name, make in ARGUMENTS.items() if name in parameters}
    if "data" in parameters or any(p.kind is p.VAR_POSITIONAL for p in parameters.values()):
        return form_class(data, **kwargs)
    return form_class(**kwargs)


class Elements(HTMLParser):
    """The form controls of a fragment of HTML, with their attributes, and its classes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.controls: list[tuple[str, dict]] = []
        self.classes: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        self.classes.update((attributes.get("class") or "").split())
        if tag in {"input", "select", "textarea"}:
            self.controls.append((tag, attributes))

    def of_type(self, kind: str) -> list[dict]:
        return [attrs for tag, attrs in self.controls if tag == "input" and attrs["type"] == kind]


def rendered(bound_field: forms.BoundField) -> Elements:
    template = engines["jinja2"].env.from_string(
        '{% import "core/macros.jinja" as ui %}{{ ui.field(bound_field) }}'
    )
    return Elements(template.render(bound_field=bound_field))


def is_multiple_choice(field: forms.Field) -> bool:
    return isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)


def check(bound_field: forms.BoundField) -> None:
    """Fail unless the field renders as the NHS.UK component its type calls for."""
    field, name, html = bound_field.field, bound_field.html_name, rendered(bound_field)
    where = f"{bound_field.form.__class__.__qualname__}.{bound_field.name}"
    if is_multiple_choice(field):
        boxes = html.of_type("checkbox")
        assert "nhsuk-checkboxes" in html.classes, f"{where}: several choices, not checkboxes"
        assert not html.of_type("radio"), f"{where}: several choices rendered as radios"
        assert [box["name"] for box in boxes] == [name] * len(field.choices), where
        assert [box["value"] for box in boxes] == [str(key) for key, _ in field.choices], where
    elif isinstance(field, forms.ChoiceField):
        radios = html.of_type("radio")
        selects = [attrs for tag, attrs in html.controls if tag == "select"]
        if radios:
            assert "nhsuk-radios" in html.classes, where
            assert len(radios) == len(field.choices), where
        else:
            assert len(selects) == 1, f"{where}: one choice, neither radios nor a select"
            assert "nhsuk-select" in html.classes, where
            assert "multiple" not in selects[0], where
        assert not html.of_type("checkbox"), f"{where}: one choice rendered as checkboxes"
    elif isinstance(field, DateField | forms.DateField):
        assert "nhsuk-date-input" in html.classes, f"{where}: a date, not the date input"
        parts = [attrs["name"] for attrs in html.of_type("text")]
        assert parts == [f"{name}_day", f"{name}_month", f"{name}_year"], where
    elif isinstance(field, forms.BooleanField):
        boxes = html.of_type("checkbox")
        assert [box["name"] for box in boxes] == [name], f"{where}: yes or no, not one checkbox"
    else:
        kinds = {tag if tag != "input" else attrs["type"] for tag, attrs in html.controls}
        assert kinds and kinds <= {
            "text",
            "email",
            "tel",
            "number",
            "password",
            "file",
            "url",
            "search",
            "time",
            "textarea",
        }, (where, kinds)
        assert "nhsuk-checkboxes" not in html.classes and "nhsuk-radios" not in html.classes


def test_forms_are_discovered_across_the_apps():
    apps = {form.__module__.split(".")[1] for form in FORMS}
    assert {"people", "referrals", "plans", "activities", "directory", "outcomes"} <= apps
    names = {form.__qualname__ for form in FORMS}
    assert {"SelfReferralForm", "ReferralForm", "AssessmentForm", "PreferencesForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda form: f"{form.__module__}.{form.__name__}")
def test_each_field_renders_as_the_component_for_its_type(form_class, world):
    form = build(form_class, world)
    for bound_field in form.visible_fields():
        check(bound_field)


@pytest.mark.django_db
def test_several_choices_can_be_ticked_and_are_shown_ticked(world):
    """With two choices of every multiple-choice field sent back (as when a form is shown again
    with its errors), both boxes are ticked and the others are not."""
    checked = []
    for form_class in FORMS:
        multiple = [bf for bf in build(form_class, world) if is_multiple_choice(bf.field)]
        if not multiple:
            continue
        data = QueryDict(mutable=True)
        for bound_field in multiple:
            keys = [str(key) for key, _ in bound_field.field.choices]
            assert len(keys) >= 2, f"{form_class.__name__}.{bound_field.name}: give it choices"
            data.setlist(bound_field.html_name, [keys[0], keys[-1]])
        form = build(form_class, world, data)
        for bound_field in (form[bf.name] for bf in multiple):
            boxes = rendered(bound_field).of_type("checkbox")
            ticked = [box["value"] for box in boxes if "checked" in box]
            assert ticked == data.getlist(bound_field.html_name), bound_field.name
            checked.append(f"{form_class.__name__}.{bound_field.name}")
    # The "select all that apply" fields of the issue, among others.
    assert {
        "SelfReferralForm.reasons",
        "ReferralForm.reasons",
        "AssessmentForm.family_present",
        "PlanForm.took_part_family",
        "PreferencesForm.days",
        "PreferencesForm.times_of_day",
        "ProviderUsersForm.provider_users",
        "ServiceForm.categories",
        "OrganisationForm.funds",
    } <= set(checked)


class Structure(HTMLParser):
    """A fragment of HTML as its elements, attributes and words, whatever its whitespace and
    the order of each element's attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.events: list[tuple] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.events.append(("<", tag, sorted(attrs, key=lambda pair: pair[0])))

    def handle_endtag(self, tag: str) -> None:
        self.events.append((">", tag))

    def handle_data(self, data: str) -> None:
        if words := " ".join(data.split()):
            if self.events and self.events[-1][0] == "text":  # split by a character reference
                words = f"{self.events.pop()[1]} {words}"
            self.events.append(("text", words))


def _both_ways(bound_field: forms.BoundField) -> tuple[list, list]:
    env = engines["jinja2"].env
    components = env.from_string('{% import "core/macros.jinja" as ui %}{{ ui.field(f) }}')
    lean = env.from_string('{% import "core/form_fields.jinja" as ui %}{{ ui.field(f) }}')
    return (
        Structure(lean.render(f=bound_field)).events,
        Structure(components.render(f=bound_field)).events,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda form: f"{form.__module__}.{form.__name__}")
def test_the_lean_field_macro_writes_what_the_components_write(form_class, world):
    """core/form_fields.jinja writes the components' markup itself, for speed: every field of
    every form, empty, filled with what it cannot take (errors shown, values sent back, text
    that must be escaped) and with its choices ticked, comes out the same both ways."""
    hostile = '<b>"Ada" & O\'Brien</b>'
    form = build(form_class, world)
    data = QueryDict(mutable=True)
    for bound_field in form:
        keys = [str(key) for key, _ in getattr(bound_field.field, "choices", [])][-2:]
        data.setlist(bound_field.html_name, keys or [hostile])
    forms_shown = [form]
    if not form_class.__name__.startswith("_"):  # a base's clean() needs its subclasses' parts
        forms_shown += [build(form_class, world, QueryDict()), build(form_class, world, data)]
    for bound in forms_shown:
        bound.is_valid()
        for bound_field in bound.visible_fields():
            lean, components = _both_ways(bound_field)
            assert lean == components, f"{form_class.__name__}.{bound_field.name}"


@pytest.mark.parametrize("text", ["Search", '<b>"Save" & O\'Brien</b>'])
@pytest.mark.parametrize("classes", ["", "nhsuk-button--secondary"])
def test_the_lean_submit_button_is_the_components(text, classes):
    env = engines["jinja2"].env
    components = env.from_string(
        '{% from "nhsuk/components/button/macro.jinja" import button %}'
        '{{ button({"text": t, "classes": c}) }}'
    )
    lean = env.from_string(
        '{% import "core/form_fields.jinja" as ui %}{{ ui.submit_button(t, classes=c) }}'
    )
    assert (
        Structure(lean.render(t=text, c=classes)).events
        == Structure(components.render(t=text, c=classes)).events
    )
