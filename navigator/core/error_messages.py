"""Error messages in the NHS.UK style for every form, Django's own included, and text cleaned of
invisible control characters.

Django's default messages are generic ("This field is required.") and some repeat what was
typed ("Select a valid choice. bogus is not one of the available choices."), which shows a
person's mistake back to them and anything a robot posted back to the page. So, in this one
place, every message a form has not written itself is replaced, just before the form
validates, by one that names the field and never the value. And every text field drops the
control characters nobody types: NUL, the other C0 and C1 controls, and the bidirectional
controls that can make a name read differently from how it is stored (the "Trojan Source"
trick). Tabs and line breaks stay."""

import copy
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.forms import BaseForm
from django.forms.utils import pretty_name

INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def clean_text(value: str) -> str:
    """`value` without control characters other than tabs and line breaks."""
    return INVISIBLE.sub("", value)


def _django_field_defaults() -> set[int]:
    """Every message Django's form and model fields use unless told otherwise, by identity:
    the lazy translations are shared by every field, and some read "" until given a number."""

    def subclasses(klass: type[Any]) -> list[type[Any]]:
        found, subs = [klass], klass.__subclasses__()
        for sub in subs:
            found.extend(subclasses(sub))
        return found

    defaults: set[int] = set()
    for klass in [*subclasses(forms.Field), *subclasses(models.Field)]:
        if klass.__module__.startswith("django."):
            defaults |= {id(m) for m in vars(klass).get("default_error_messages", {}).values()}
    return defaults


DJANGO_DEFAULTS = _django_field_defaults()


def _is_django_default(validator: Any) -> bool:
    """A validator of Django's with the message its class gives it."""
    return (
        type(validator).__module__.startswith("django.")
        and hasattr(type(validator), "message")
        and "message" not in vars(validator)
    )


CHOSEN = (
    forms.ChoiceField,
    forms.ModelChoiceField,
    forms.BooleanField,
    forms.NullBooleanField,
    forms.FileField,
)


def _names(label: str) -> tuple[str, str]:
    """A label as it starts a sentence and inside one ("NHS number" stays as it is)."""
    label = str(label).strip().rstrip("?:").strip() or "This"
    inside = label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label
    return label[0].upper() + label[1:], inside


def _invalid(field: forms.Field, label: str, inside: str) -> str:
    if isinstance(field, forms.EmailField):
        return "Enter an email address in the correct format, like name@example.com"
    if isinstance(field, forms.URLField):
        return "Enter a web address in the correct format, like https://www.example.com"
    if isinstance(field, forms.IntegerField):
        return f"{label} must be a whole number"
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return f"{label} must be a number"
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return f"{label} must be a real date"
    if isinstance(field, forms.TimeField):
        return f"{label} must be a real time, like 14:30"
    if isinstance(field, forms.FileField):
        return "The selected file could not be read: choose the file again"
    return f"{label} is not in the right format"


def _messages(field: Any, label: str, inside: str) -> dict[str, Callable[[Any], str]]:
    """Each error code's message; `limit` is the validator's limit where there is one."""
    verb = "Select" if isinstance(field, CHOSEN) else "Enter"
    return {
        "required": lambda limit: f"{verb} {inside}",
        "blank": lambda limit: f"{verb} {inside}",
        "null": lambda limit: f"{verb} {inside}",
        "incomplete": lambda limit: f"Enter {inside} in full",
        "invalid_choice": lambda limit: f"Select {inside} from the choices given",
        "invalid_list": lambda limit: f"Select {inside} from the choices given",
        "invalid_pk_value": lambda limit: f"Select {inside} from the choices given",
        "invalid": lambda limit: _invalid(field, label, inside),
        "max_length": lambda limit: f"{label} must be {limit} characters or fewer",
        "min_length": lambda limit: f"{label} must be {limit} characters or more",
        "max_value": lambda limit: f"{label} must be {limit} or less",
        "min_value": lambda limit: f"{label} must be {limit} or more",
        "step_size": lambda limit: f"{label} must be a multiple of {limit}",
        "max_digits": lambda limit: f"{label} must have {limit} digits or fewer",
        "max_decimal_places": lambda limit: f"{label} must have {limit} decimal places or fewer",
        "max_whole_digits": lambda limit: (
            f"{label} must have {limit} digits or fewer before the decimal point"
        ),
        "null_characters_not_allowed": lambda limit: f"{label} must not contain hidden characters",
        "missing": lambda limit: "Select a file",
        "empty": lambda limit: "The selected file is empty",
        "contradiction": lambda limit: "Select a file or remove the file, not both",
        "invalid_image": lambda limit: "The selected file must be a picture",
    }


def _fallback(label: str) -> Callable[[Any], str]:
    return lambda limit: f"{label} is not in the right format"


def _escaped(message: str) -> str:
    # Django fills in "%(value)s"-style parameters, so a literal % must be doubled.
    return message.replace("%", "%%")


def _replace(field: Any, text: str) -> None:
    """Give `field` (a form or model field labelled `text`) the NHS.UK-style message for each
    Django default it has, in its error messages and its validators."""
    label, inside = _names(text)
    messages = _messages(field, label, inside)
    fallback = _fallback(label)
    field.error_messages = {
        code: _escaped(messages.get(code, fallback)(None))
        if id(message) in DJANGO_DEFAULTS and (code in messages or "%(value)" in str(message))
        else message
        for code, message in field.error_messages.items()
    }
    replaced = []
    for validator in field.validators:
        if _is_django_default(validator):
            validator = copy.copy(validator)
            limit = getattr(validator, "limit_value", None)
            code = getattr(validator, "code", "invalid")
            validator.message = _escaped(
                messages.get(code, fallback)(limit() if callable(limit) else limit)
            )
        replaced.append(validator)
    field.validators[:] = replaced


def use_nhs_messages(form: BaseForm) -> None:
    """Every field of `form`, once, before it validates."""
    for name, field in form.fields.items():
        if not getattr(field, "_nhs_messages", False):
            _replace(field, str(field.label or pretty_name(name)))
            field._nhs_messages = True  # type: ignore[attr-defined]  # our mark on Django's field


def _no_null_characters(self: forms.ModelChoiceField, value: Any) -> None:
    # Django checks a chosen record's key with a validator of its own making.
    if "\x00" in str(value):
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


def install() -> None:
    """Called once at start-up (CoreConfig.ready)."""
    full_clean = BaseForm.full_clean
    to_python = forms.CharField.to_python

    def nhs_full_clean(self: BaseForm) -> None:
        use_nhs_messages(self)
        full_clean(self)

    def cleaned_to_python(self: forms.CharField, value: Any) -> Any:
        value = to_python(self, value)
        return clean_text(value) if isinstance(value, str) else value

    # Django's methods replaced on purpose, once, for every form (what `install` is for).
    BaseForm.full_clean = nhs_full_clean  # type: ignore[method-assign]
    forms.CharField.to_python = cleaned_to_python  # type: ignore[method-assign]
    forms.ModelChoiceField.validate_no_null_characters = _no_null_characters  # type: ignore[method-assign]
    # A model form also validates through the model's fields (e.g. the username's rules).
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            _replace(field, str(field.verbose_name))
