"""Every form in Navigator, found by walking the code rather than listed, takes whatever is
posted to it: overlong text, NUL and other control characters, bidirectional controls, markup,
spreadsheet formulas, wrong types (text for numbers, several values for one, unknown choices)
and missing fields. It never fails with an exception (a 500 page), and its messages are in the
NHS.UK style and never repeat what was typed. A sample of pages takes the same through HTTP.

Every value carries MARK, so a message repeating input, even part of it, is caught."""

import html
import importlib
import inspect
import pkgutil
import re
from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import navigator
from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.core.tests.shared_data import module_data
from navigator.directory.tests.factories import ServiceFactory
from navigator.outcomes.instruments import INSTRUMENTS
from navigator.people.tests.factories import PersonFactory

MARK = "Zq9x"

HOSTILE = [
    MARK * 5000,  # 20,000 characters
    f"{MARK}\x00\x00",
    f"\u202e{MARK}\u202c",
    f"\u2066{MARK}\u2069\u200f",
    f"<script>alert('{MARK}')</script>",
    f'=HYPERLINK("https://attacker.example/{MARK}","Click")',
    f"+{MARK}",
    f"@{MARK}",
    f"{MARK}\r\n\t\x1b[31m\x7f\x85",
    f"bogus{MARK}",
    f"99999999999999999999999{MARK}",
    f"-1e400{MARK}",
    f"{MARK}'; DROP TABLE people_person; --",
    f"{MARK}@",
    f"http://{MARK}",
    f"12/{MARK}/2026",
]

# Django's own messages, which no form may show.
DJANGO_WORDING = (
    "This field is required",
    "Select a valid choice",
    "Ensure this value",
    "Null characters",
    "Enter a valid",
    "Enter a whole number.",
    "Enter a number.",
    "is not one of the available choices",
)


def _navigator_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(navigator.__path__, "navigator."):
        if not re.search(r"\.(tests|migrations)(\.|$)", module.name):
            importlib.import_module(module.name)

    def subclasses(klass: type) -> list[type]:
        found = []
        for sub in klass.__subclasses__():
            found += [sub, *subclasses(sub)]
        return found

    found = {
        klass
        for klass in subclasses(forms.BaseForm)
        if klass.__module__.startswith("navigator.")
        and ".tests" not in klass.__module__
        # Bases only for other forms to build on: private, or a model form with no model.
        and not klass.__name__.startswith("_")
        and not (issubclass(klass, forms.ModelForm) and klass._meta.model is None)
    }
    return sorted(found, key=lambda klass: f"{klass.__module__}.{klass.__name__}")


FORMS = _navigator_forms()


def _arguments(world: dict[str, Any]) -> dict[str, Any]:
    """What a form's constructor may need, by the parameter's name."""
    organisation = world["organisation"]
    staff = User.objects.filter(organisation=organisation)
    return {
        "organisation": organisation,
        "organisation_id": organisation.pk,
        "organisations": Organisation.objects.filter(pk=organisation.pk),
        "acting_user": world["manager"],
        "user": world["manager"],
        "person": world["person"],
        "keyed_in": True,
        "commissioned": False,
        "star": None,
        "life_areas": [],
        "companions": staff,
        "users": staff,
        "service": world["service"],
        "items": list(INSTRUMENTS["ons4"].items),
        "answers": {},
        "instruments": list(INSTRUMENTS.values()),
        "library": [],
        "taken": set(),
        "candidates": [],
        "choices": [("first", "First"), ("second", "Second")],
        "deployment": True,
        "request": RequestFactory().post("/", REMOTE_ADDR="192.0.2.1"),
    }


def build(klass: type[forms.BaseForm], data: QueryDict, world: dict[str, Any]) -> forms.BaseForm:
    """`klass` bound to `data`, with what its constructor requires."""
    available = _arguments(world)
    kwargs: dict[str, Any] = {"data": data}
    # Each constructor up the class tree may ask for something (SetPasswordForm: `user`).
    for ancestor in klass.__mro__:
        if "__init__" not in vars(ancestor):
            continue
        for name, parameter in list(inspect.signature(ancestor.__init__).parameters.items())[1:]:
            if name == "data" or parameter.kind in (
                parameter.VAR_POSITIONAL,
                parameter.VAR_KEYWORD,
            ):
                continue
            if name in available:
                kwargs[name] = available[name]
            else:
                assert parameter.default is not inspect.Parameter.empty, (
                    f"{klass.__name__} needs '{name}': add it to _arguments"
                )
    return klass(**kwargs)


def keys(form: forms.BaseForm) -> list[str]:
    """The names a browser posts for each field (a date posts day, month and year)."""
    names = []
    for name, field in form.fields.items():
        posted = form.add_prefix(name)
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            names += [f"{posted}{suffix}" for suffix in widget.widgets_names]
        else:
            names.append(posted)
    return names


def values() -> st.SearchStrategy:
    one = st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=40).map(lambda text: f"{MARK}{text}"),
    )
    # Missing, one value, or several where one is expected.
    return st.one_of(
        st.none(), one.map(lambda value: [value]), st.lists(one, min_size=2, max_size=3)
    )


def messages_of(form: forms.BaseForm) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


def assert_nhs_style(messages: list[str], where: str) -> None:
    for message in messages:
        assert MARK.lower() not in message.lower(), f"{where} repeats the input: {message!r}"
        assert not any(words in message for words in DJANGO_WORDING), (
            f"{where} shows Django's wording: {message!r}"
        )


def build_world() -> dict[str, Any]:
    organisation = OrganisationFactory()
    return {
        "organisation": organisation,
        "manager": UserFactory(organisation=organisation, role=Role.MANAGER),
        "person": PersonFactory(organisation=organisation),
        "service": ServiceFactory(),
    }


# Built once for the module's tests: each runs in a savepoint, undone after it.
world = module_data(build_world)


def test_forms_are_found() -> None:
    names = {klass.__name__ for klass in FORMS}
    assert {"PersonForm", "SelfReferralForm", "ReferralForm", "ServiceForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("klass", FORMS, ids=[klass.__name__ for klass in FORMS])
def test_hostile_values_get_a_message_never_an_exception(klass, world) -> None:
    names = keys(build(klass, QueryDict(), world))

    @settings(
        max_examples=8,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({name: values() for name in names}))
    def check(posted: dict[str, list[str] | None]) -> None:
        data = QueryDict(mutable=True)
        for name, value in posted.items():
            if value is not None:
                data.setlist(name, value)
        form = build(klass, data, world)
        form.is_valid()
        assert_nhs_style(messages_of(form), klass.__name__)

    check()


def test_names_lose_bidirectional_and_control_characters() -> None:
    field = forms.CharField()
    assert field.clean("\u202eAda\u202c Okafor\x00\u2066") == "Ada Okafor"
    assert field.clean("Line one\r\nLine two\tend") == "Line one\r\nLine two\tend"


# Through HTTP: a sample of pages, public and signed in.
ERRORS = re.compile(
    r'class="nhsuk-error-summary__list".*?</ul>|class="nhsuk-error-message".*?</span>', re.S
)


def _posted_errors(client, url: str, fields: list[str], value: str) -> list[str]:
    response = client.post(url, {name: value for name in fields})
    assert response.status_code < 500, url
    return [html.unescape(block) for block in ERRORS.findall(response.content.decode())]


SAMPLE = [
    ("self_referral:start", None, ["given_name", "family_name", "postcode", "email", "phone"]),
    ("accounts:password_reset", None, ["email"]),
    ("accounts:login", None, ["username", "password"]),
    (
        "people:create",
        Role.LINK_WORKER,
        ["given_name", "family_name", "nhs_number", "postcode", "date_of_birth_day", "sex"],
    ),
    ("referrals:create", Role.LINK_WORKER, ["given_name", "source_type", "urgency"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name, role, fields", SAMPLE, ids=[row[0] for row in SAMPLE])
def test_pages_answer_hostile_posts_without_repeating_them(
    client, organisation, url_name, role, fields
) -> None:
    if role is not None:
        client.force_login(UserFactory(organisation=organisation, role=role))
    for value in HOSTILE:
        for block in _posted_errors(client, reverse(url_name), fields, value):
            assert MARK.lower() not in block.lower(), f"{url_name} repeats {value[:40]!r}"
