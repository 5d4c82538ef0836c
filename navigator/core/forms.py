"""Form fields for UK identifiers and the bridge from Django forms to the NHS.UK form macros.

Templates never lay out a field by hand: `field_params(bound_field)` turns any bound field into
the parameters of the matching NHS.UK macro (input, textarea, select, radios, checkboxes, date
input), carrying the label, hint, the value the user typed and the error message.
"""

import datetime
import re
from collections.abc import Iterable, Iterator
from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator

from navigator.core.validators import (
    format_phone_number,
    normalise_nhs_number,
    normalise_phone_number,
    normalise_postcode,
)


class NormalisedCharField(forms.CharField):
    """A text field whose non-empty value is validated and rewritten by `normalise`."""

    normalise = staticmethod(lambda value: value)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return self.normalise(value) if value else value


class NHSNumberField(NormalisedCharField):
    normalise = staticmethod(normalise_nhs_number)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 14)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "width": 10}))
        super().__init__(**kwargs)


class PostcodeField(NormalisedCharField):
    normalise = staticmethod(normalise_postcode)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "postal-code", "width": 10})
        )
        super().__init__(**kwargs)


class PhoneNumberField(NormalisedCharField):
    normalise = staticmethod(normalise_phone_number)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "width": 20})
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("+"):
            return format_phone_number(value)
        return value


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes: the NHS.UK date input pattern."""

    def __init__(self, attrs: dict | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(attrs={"inputmode": "numeric"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with a message that says which part is wrong."""

    widget = DateInputWidget

    def __init__(
        self,
        *,
        past_only: bool = False,
        earliest_year: int = 1900,
        **kwargs: Any,
    ) -> None:
        self.past_only = past_only
        self.earliest_year = earliest_year
        # The parts are optional on their own so that compress() can name the missing ones
        # (otherwise Django answers "Enter a complete value." before compress() runs).
        parts = tuple(forms.CharField(required=False) for _ in range(3))
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list) -> datetime.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise ValidationError(
                f"Date must include a {' and a '.join(missing)}", code="date_incomplete"
            )
        # ASCII digits only: str.isdigit() also accepts "²", which int() then refuses.
        digits = all(re.fullmatch(r"[0-9]+", part) for part in (day, month))
        if not digits or not re.fullmatch(r"[0-9]{4}", year):
            raise ValidationError(
                "Date must be a real date, with a 4-digit year, like 27 3 1958",
                code="date_format",
            )
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError("Date must be a real date", code="date_invalid") from error
        if date.year < self.earliest_year:
            raise ValidationError(f"Date must be after {self.earliest_year}", code="date_too_early")
        if self.past_only and date > timezone.localdate():
            raise ValidationError("Date must be today or in the past", code="date_future")
        return date


class Pairs(BaseChoiceIterator):
    """Choices already in Django's (value, label) form, which a choice field takes as they
    are: a plain list is checked and copied pair by pair each time it is given to a field, a
    millisecond for a national commissioner's 1,300 services on every report page."""

    def __init__(self, pairs: Iterable[tuple[Any, Any]]) -> None:
        self.pairs = list(pairs)

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


def choices_of(field: forms.Field) -> list[tuple[Any, Any]]:
    """The choices of `field`, a choice field: Django keeps them as (value, label) pairs."""
    return list(cast(Iterable[tuple[Any, Any]], cast(forms.ChoiceField, field).choices))


def _error_text(bound_field: forms.BoundField) -> str | None:
    return " ".join(map(str, bound_field.errors)) if bound_field.errors else None


def _choice_items(bound_field: forms.BoundField, selected_key: str) -> list[dict]:
    value = bound_field.value()
    chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    return [
        {"value": key, "text": label, selected_key: str(key) in chosen}
        for key, label in choices_of(bound_field.field)
    ]


def _option_group_params(
    bound_field: forms.BoundField, common: dict[str, Any], legend: dict[str, Any]
) -> dict[str, Any]:
    """Radios, checkbox lists and a single checkbox. The group takes no "id": its first option
    carries the field's id (where the error summary links) and the container must not repeat
    it. A single checkbox is its own label, so it has no legend."""
    widget = bound_field.field.widget
    params = {key: value for key, value in common.items() if key != "id"}
    params["idPrefix"] = bound_field.auto_id
    if isinstance(widget, forms.CheckboxInput):
        item = {
            "value": "on",
            "text": str(bound_field.label),
            "checked": bool(bound_field.value()),
            "id": bound_field.auto_id,
        }
        return {"kind": "checkboxes", **params, "items": [item]}
    # CheckboxSelectMultiple is a subclass of RadioSelect: ask "several choices?" first, or every
    # "select all that apply" field would render as radios and keep only one choice.
    kind = "checkboxes" if widget.allow_multiple_selected else "radios"
    items = _choice_items(bound_field, "checked")
    return {"kind": kind, **params, "fieldset": legend, "items": items}


def field_params(bound_field: forms.BoundField) -> dict[str, Any]:
    """Parameters for the NHS.UK macro that renders `bound_field`; "kind" names the macro."""
    widget = bound_field.field.widget
    error = _error_text(bound_field)
    common: dict[str, Any] = {"id": bound_field.id_for_label, "name": bound_field.html_name}
    if error:
        common["errorMessage"] = {"text": error}
    if bound_field.help_text:
        common["hint"] = {"text": str(bound_field.help_text)}
    label = {"text": str(bound_field.label)}
    legend = {"legend": {"text": str(bound_field.label), "size": "s"}}

    if isinstance(widget, DateInputWidget):
        values = bound_field.value()
        if not isinstance(values, list | tuple):
            values = widget.decompress(values)
        items = [
            {
                "id": f"{bound_field.auto_id}_{part}",
                "name": f"{bound_field.html_name}_{part}",
                "label": part.capitalize(),
                "value": "" if value is None else value,
                "classes": ("nhsuk-input--width-4" if part == "year" else "nhsuk-input--width-2")
                + (" nhsuk-input--error" if error else ""),
                "inputmode": "numeric",
            }
            for part, value in zip(("day", "month", "year"), values, strict=True)
        ]
        common["id"] = bound_field.auto_id
        return {"kind": "date", **common, "fieldset": legend, "items": items}
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.CheckboxInput):
        return _option_group_params(bound_field, common, legend)
    if isinstance(widget, forms.Select):
        return {
            "kind": "select",
            **common,
            "label": label,
            "items": _choice_items(bound_field, "selected"),
        }
    value = bound_field.value()
    if isinstance(widget, forms.PasswordInput) and not widget.render_value:
        value = None  # a typed password is never sent back into the page
    if isinstance(value, str) and hasattr(bound_field.field, "prepare_value"):
        value = bound_field.field.prepare_value(value)
    params = {**common, "label": label, "value": "" if value is None else value}
    if isinstance(widget, forms.Textarea):
        return {"kind": "textarea", **params, "rows": widget.attrs.get("rows", 4)}
    attrs = widget.attrs
    params["type"] = attrs.get("type", getattr(widget, "input_type", "text"))
    for key in ("autocomplete", "inputmode", "spellcheck"):
        if key in attrs:
            params[key] = attrs[key]
    if "list" in attrs:  # suggestions from a <datalist> the page holds
        params["attributes"] = {"list": attrs["list"]}
    if "width" in attrs:
        params["classes"] = f"nhsuk-input--width-{attrs['width']}"
    return {"kind": "input", **params}


def _anchor(bound_field: forms.BoundField) -> str:
    """The id of the input an error summary link should move focus to."""
    widget = bound_field.field.widget
    if isinstance(widget, DateInputWidget):
        return f"{bound_field.auto_id}_day"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return bound_field.auto_id  # the NHS.UK macros give the first option the bare id
    return bound_field.id_for_label


def error_list(form: forms.BaseForm) -> list[dict[str, str]]:
    """The error summary's entries: each message linked to the field it belongs to. Errors
    about the form as a whole link to its first field, where the user starts correcting."""
    visible = form.visible_fields()
    first = f"#{_anchor(visible[0])}" if visible else "#maincontent"
    entries = [{"text": str(message), "href": first} for message in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            continue
        anchor = f"#{_anchor(form[name])}"
        entries.extend({"text": str(message), "href": anchor} for message in errors)
    return entries
