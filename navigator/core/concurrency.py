"""Optimistic concurrency: a save from a stale form is refused instead of overwriting.

Versioned models carry a `version` counter. Forms send back the version they were built
from; `update_versioned` only writes if it is still current and bumps it in the same UPDATE,
so two saves can never both succeed from the same starting point.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.db import models
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone

from navigator.core.forms import PhoneNumberField, choices_of
from navigator.core.validators import format_phone_number


class VersionedForm(forms.ModelForm):
    """A model form that carries the version of the record it was built from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def model_changes(self) -> dict:
        """The cleaned values of the model's own fields, ready for a versioned update."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class StaleEditError(Exception):
    """Someone saved the record after the form was opened; `current` is what is saved now."""

    def __init__(self, current: Any) -> None:
        super().__init__("The record was changed by someone else")
        # A record of a versioned model: each declares its own `version`, no base class does.
        self.current = current


def update_versioned[M: models.Model](
    instance: M, *, expected_version: int, changes: dict[str, Any]
) -> M:
    model = type(instance)
    values = dict(changes, version=F("version") + 1)
    if any(field.name == "updated_at" for field in model._meta.fields):
        values["updated_at"] = timezone.now()
    records = model._default_manager  # `objects`, the only manager a versioned model has
    updated = records.filter(pk=instance.pk, version=expected_version).update(**values)
    if not updated:
        raise StaleEditError(current=records.get(pk=instance.pk))
    instance.refresh_from_db()
    return instance


@dataclass(frozen=True)
class StaleSaveRefusal:
    """What an edit form shows when its save was refused: the record as saved now, and each
    field where that differs from what the user typed."""

    current: Any  # a record of the form's (versioned) model
    differences: list[dict[str, Any]]


def save_unless_stale(
    form: forms.BaseForm, save: Callable[[int], object]
) -> StaleSaveRefusal | None:
    """Call `save(expected_version)` for a valid versioned form. If the record changed since
    the form was opened, keep what the user typed, point the form at the newer version so a
    second save is deliberate, and return what differs; None means it saved."""
    try:
        save(form.cleaned_data["version"] or 0)
    except StaleEditError as error:
        form.data = cast(QueryDict, form.data).copy()  # the form was posted
        form.data["version"] = error.current.version
        form.add_error(
            None,
            "Someone else changed this record while you were editing it. Check their changes "
            "below, then save again to keep yours.",
        )
        return StaleSaveRefusal(
            current=error.current, differences=_differences(form, error.current)
        )
    return None


def _differences(form: forms.BaseForm, current: models.Model) -> list[dict[str, Any]]:
    rows = []
    for name, typed in form.cleaned_data.items():
        if name == "version" or not hasattr(current, name):
            continue
        saved = getattr(current, name)
        field = form.fields[name]
        if isinstance(saved, models.Manager):  # many-to-many: among the choices the form offers
            offered = cast(forms.ModelMultipleChoiceField, field).queryset
            assert offered is not None  # the form has just validated its choice against it
            saved, typed = set(saved.filter(pk__in=offered.values("pk"))), set(typed)
        if saved != typed and not (saved in ("", None) and typed in ("", None)):
            rows.append(
                {
                    "label": form[name].label,
                    "saved": shown(field, saved),
                    "typed": shown(field, typed),
                }
            )
    return rows


def shown(field: forms.Field, value: Any) -> Any:
    """A value the way a person reads it: "Yes" not True, labels not codes, 27 March 1958."""
    if value in ("", None):
        return value
    if isinstance(value, set):  # chosen records of a many-to-many field
        return ", ".join(
            sorted(map(cast(forms.ModelChoiceField, field).label_from_instance, value))
        )
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return value.strftime("%-d %B %Y")
    if isinstance(field, PhoneNumberField):
        return format_phone_number(value)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return dict(choices_of(field)).get(value, value)
    return value
