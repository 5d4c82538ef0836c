"""The Jinja2 environment: our templates first, then the NHS.UK frontend component macros."""

from typing import Any

from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from navigator.core.forms import error_list, field_params
from navigator.core.validators import format_phone_number


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
    )
    env.filters["nhs_number"] = format_nhs_number
    env.filters["phone"] = format_phone_number
    return env


def format_nhs_number(value: str | None) -> str:
    """Show an NHS number the way the NHS writes it: 999 999 9999."""
    if not value:
        return ""
    return f"{value[:3]} {value[3:6]} {value[6:]}"
