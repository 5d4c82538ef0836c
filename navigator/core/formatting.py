"""How Navigator writes dates, NHS numbers, phone numbers and counts for people to read.

One place for all of them, used by the templates (as Jinja filters, see `core/jinja.py`) and by
Python code that writes text (e-mails, messages): dates read "2 December 2026", never ISO;
NHS numbers "999 999 9999"; UK phone numbers in national format; "1 contact", "2 contacts";
scores "10", "7.5".
"""

import datetime
import re
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils import timezone
from django.utils.text import capfirst

from navigator.core.validators import format_phone_number

__all__ = [
    "field_label",
    "format_date",
    "format_datetime",
    "format_nhs_number",
    "format_number",
    "format_phone_number",
    "format_value",
    "plural",
]

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _as_date_or_moment(value: object) -> datetime.date | datetime.datetime | None:
    """Dates and moments as they are stored, or as ISO text (as JSON holds them)."""
    if isinstance(value, str):
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return datetime.datetime.fromisoformat(value)
    return value  # type: ignore[return-value]


def format_date(value: object, *, weekday: bool = False) -> str:
    """'2 December 2026' ('Wednesday 2 December 2026' with `weekday`); a moment is given
    as the local date it fell on."""
    moment = _as_date_or_moment(value)
    if moment is None:
        return ""
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return moment.strftime("%A %-d %B %Y" if weekday else "%-d %B %Y")


def format_datetime(value: object) -> str:
    """'2 December 2026 at 14:05', in local time."""
    moment = _as_date_or_moment(value)
    if moment is None:
        return ""
    if isinstance(moment, datetime.datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{format_date(moment)} at {moment:%H:%M}"


def format_nhs_number(value: str | None) -> str:
    """Show an NHS number the way the NHS writes it: 999 999 9999."""
    if not value:
        return ""
    digits = "".join(character for character in str(value) if character.isdigit())
    if len(digits) != 10:
        return str(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def format_number(value: Decimal | float | int | None) -> str:
    """A score as a person writes it: '10', '7.5', '-2' (never '1E+1' or '7.50')."""
    if value is None:
        return ""
    number = Decimal(str(value)).normalize()
    return f"{number:f}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 contact', '2 contacts', '0 contacts'; irregular words take their plural form."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


def format_value(value: object, name: str = "") -> str:
    """A stored field's value, named `name`, as a person reads it: the audit trail's changes
    and a merge's records show fields whose type is known only from their name or text."""
    if value in ("", None):
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {format_value(part, key)}" for key, part in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(format_value(part, name) for part in value)
    if name.endswith("nhs_number"):
        return format_nhs_number(str(value))
    if "phone" in name and isinstance(value, str) and value.startswith("+"):
        return format_phone_number(value)
    if isinstance(value, datetime.datetime) or (isinstance(value, str) and ISO_MOMENT.match(value)):
        return format_datetime(value)
    if isinstance(value, datetime.date) or (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        return format_date(value)
    return str(value)


def field_label(name: str, model: type[Model] | str) -> str:
    """A stored field of `model` (a model or its label, "people.person") named as its form
    names it: "NHS number", not "Nhs number"."""
    try:
        if isinstance(model, str):
            model = apps.get_model(model)
        # A reverse relation (another model's rows, e.g. family members) has no label of its own.
        label = getattr(model._meta.get_field(name), "verbose_name", None)
    except (LookupError, ValueError, FieldDoesNotExist):
        label = None  # a field or model since removed still has a readable name
    return capfirst(str(label or name.replace("_", " ")))
