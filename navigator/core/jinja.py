"""The Jinja2 environment: our templates first, then the NHS.UK frontend component macros."""

import sys
import uuid
from functools import cache
from pathlib import Path
from types import FrameType
from typing import Any

import nhsuk_frontend_jinja
from django.contrib import messages
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader
from jinja2.utils import missing
from markupsafe import Markup

from navigator.core.field_html import field_html
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
from navigator.core.navigation import page_header

_NHSUK_MACROS = str(Path(nhsuk_frontend_jinja.__file__).parent)


class StrictUndefined(ChainableUndefined):
    """The tests render with this (see conftest.py): a variable one of our templates uses
    without it being given (a misspelt name, a view that forgot it) fails the page instead of
    rendering blank. A missing attribute or key of a value that exists stays blank (an optional
    one-to-one such as a case's cadence override reads as missing), and so does everything
    inside the NHS.UK macros, which read parameters their callers leave out on purpose."""

    def _ours(self) -> bool:
        if self._undefined_obj is not missing:
            return False
        frame: FrameType | None = sys._getframe(2)
        while frame is not None:
            template = frame.f_globals.get("__jinja_template__")
            if template is not None:
                return not (template.filename or "").startswith(_NHSUK_MACROS)
            frame = frame.f_back
        return False

    def __str__(self) -> str:
        if self._ours():
            self._fail_with_undefined_error()
        return ""

    def __iter__(self) -> Any:
        if self._ours():
            self._fail_with_undefined_error()
        return iter(())

    def __bool__(self) -> bool:
        if self._ours():
            self._fail_with_undefined_error()
        return False

    def __len__(self) -> int:
        if self._ours():
            self._fail_with_undefined_error()
        return 0


@cache
def rendered_once(name: str) -> Markup:
    """A template that shows the same on every page (the footer), rendered once per process."""
    return Markup(render_to_string(name))


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


_ANY_KEY = uuid.UUID(int=0)
_ANY_NUMBER = 918_273_645_546_372_819  # a number no other part of a URL holds


def url_of_each(name: str, *, numbered: bool = False) -> str:
    """The URL `name` of whatever has the key `pk` (a UUID, or a number when `numbered`),
    with "{}" where the key goes: a list linking each of its rows reverses the URL once
    instead of once a row (25 reverses were a fifteenth of the directory's search page, 50 a
    twentieth of a caseload's)."""
    key = _ANY_NUMBER if numbered else _ANY_KEY
    return reverse(name, kwargs={"pk": key}).replace(str(key), "{}")


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    # The NHS.UK macros read nested parameters that callers often leave out.
    options["undefined"] = ChainableUndefined
    options.setdefault("extensions", []).append("jinja2.ext.do")
    env = Environment(**options)
    env.globals.update(
        url=url,
        url_of_each=url_of_each,
        static=static,
        get_messages=messages.get_messages,
        field_params=field_params,
        field_html=field_html,
        error_list=error_list,
        page_header=page_header,
        rendered_once=rendered_once,
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
