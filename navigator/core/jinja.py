"""The Jinja2 environment: our templates first, then the NHS.UK frontend component macros."""

from typing import Any

from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from navigator.core.formatting import (
    field_label,
    format_date,
    format_datetime,
    format_nhs_number,
    format_number,
    format_phone_number,
    format_value,
    plural,
)
from navigator.core.forms import error_list, field_params
from navigator.core.navigation import navigation


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    # The NHS.UK macros read nested parameters that callers often leave out.
    options["undefined"] = ChainableUndefined
    options.setdefault("extensions", []).append("jinja2.ext.do")
    env = Environment(**options)
    env.globals.update(
        url=url,
        static=static,
        get_messages=messages.get_messages,
        field_params=field_params,
        error_list=error_list,
        navigation=navigation,
    )
    # How people read these, on every page: see core/formatting.py.
    env.filters["date"] = format_date
    env.filters["datetime"] = format_datetime
    env.filters["nhs_number"] = format_nhs_number
    env.filters["phone"] = format_phone_number
    env.filters["number"] = format_number
    env.filters["plural"] = plural
    env.filters["field_value"] = format_value
    env.filters["field_label"] = field_label
    return env
