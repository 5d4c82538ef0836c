"""The NHS.UK markup of a form field, written in Python from the same `field_params` the
components' macros take: text inputs, selects, checkboxes, radios and dates as the components
write them, without the options Navigator never passes (prefixes, conditional reveals, dividers,
headings as labels). The components' Jinja macros cost about 1 ms a field, most of it in their
attribute helpers; a busy page's filter form has eight. `core/form_fields.jinja` renders with
it; test_form_contract checks that every field of every form comes out the same both ways.
"""

import functools
from typing import Any

from django import forms
from markupsafe import Markup, escape

from navigator.core.forms import field_params


def _group(params: dict[str, Any], inner: str) -> str:
    error = " nhsuk-form-group--error" if params.get("errorMessage") else ""
    return f'<div class="nhsuk-form-group{error}">{inner}</div>'


def _hint_and_error(params: dict[str, Any], id_: str) -> tuple[str, str]:
    """The hint and error message under a label or legend, and the ids that describe the
    control by them."""
    html, described_by = "", []
    if hint := params.get("hint"):
        html += f'<div class="nhsuk-hint" id="{id_}-hint">{escape(hint["text"])}</div>'
        described_by.append(f"{id_}-hint")
    if error := params.get("errorMessage"):
        html += (
            f'<span class="nhsuk-error-message" id="{id_}-error">'
            f'<span class="nhsuk-u-visually-hidden">Error: </span>{escape(error["text"])}</span>'
        )
        described_by.append(f"{id_}-error")
    return html, " ".join(described_by)


def _attribute(name: str, value: Any) -> str:
    return f' {name}="{escape(value)}"'


def _input(params: dict[str, Any]) -> str:
    id_ = escape(params.get("id") or params["name"])
    below, described_by = _hint_and_error(params, id_)
    classes = "nhsuk-input"
    if params.get("errorMessage"):
        classes += " nhsuk-input--error"
    if params.get("classes"):
        classes += f" {params['classes']}"
    attributes = (
        _attribute("class", classes)
        + _attribute("id", id_)
        + _attribute("name", params["name"])
        + _attribute("type", params.get("type") or "text")
    )
    if isinstance(params.get("spellcheck"), bool):
        attributes += _attribute("spellcheck", str(params["spellcheck"]).lower())
    if params.get("value") is not None and params["value"] is not False:
        attributes += _attribute("value", params["value"])
    if described_by:
        attributes += _attribute("aria-describedby", described_by)
    for name in ("autocomplete", "inputmode"):
        if params.get(name):
            attributes += _attribute(name, params[name])
    for name, value in (params.get("attributes") or {}).items():
        attributes += _attribute(escape(name), value)
    label = f'<label class="nhsuk-label" for="{id_}">{escape(params["label"]["text"])}</label>'
    return _group(params, f"{label}{below}<input{attributes}>")


def _select(params: dict[str, Any]) -> str:
    id_ = escape(params.get("id") or params["name"])
    below, described_by = _hint_and_error(params, id_)
    classes = "nhsuk-select nhsuk-select--error" if params.get("errorMessage") else "nhsuk-select"
    attributes = _attribute("class", classes) + _attribute("id", id_)
    attributes += _attribute("name", params["name"])
    if described_by:
        attributes += _attribute("aria-describedby", described_by)
    options = "".join(
        _option(str(item["value"]), str(item["text"]), item["selected"]) for item in params["items"]
    )
    label = f'<label class="nhsuk-label" for="{id_}">{escape(params["label"]["text"])}</label>'
    return _group(params, f"{label}{below}<select{attributes}>{options}</select>")


@functools.lru_cache(maxsize=20_000)
def _option(value: str, text: str, selected: bool) -> str:
    """One option of a select. Kept once made: a national commissioner's report pages list
    1,300 services each, and escaping them again was a tenth of a page's time."""
    return (
        f'<option value="{escape(value)}"{" selected" if selected else ""}>{escape(text)}</option>'
    )


def _options(params: dict[str, Any], kind: str) -> str:
    """Checkboxes or radios. In a fieldset the fieldset is described by the hint and the error;
    a single checkbox has no fieldset, so its box is. The first box takes the bare id, where
    the error summary links."""
    id_ = escape(params.get("idPrefix") or params["name"])
    below, described_by = _hint_and_error(params, id_)
    fieldset = params.get("fieldset")
    input_type = "checkbox" if kind == "checkboxes" else "radio"
    box_described_by = (
        _attribute("aria-describedby", described_by)
        if described_by and not fieldset and kind == "checkboxes"
        else ""
    )
    name = escape(params["name"])
    items = ""
    for index, item in enumerate(params["items"], start=1):
        item_id = escape(item.get("id") or (f"{id_}-{index}" if index > 1 else id_))
        checked = " checked" if item["checked"] else ""
        items += (
            f'<div class="nhsuk-{kind}__item">'
            f'<input class="nhsuk-{kind}__input" id="{item_id}" name="{name}" '
            f'type="{input_type}" value="{escape(item["value"])}"{checked}{box_described_by}>'
            f'<label class="nhsuk-label nhsuk-{kind}__label" for="{item_id}">'
            f"{escape(item['text'])}</label></div>"
        )
    inner = f'{below}<div class="nhsuk-{kind}" data-module="nhsuk-{kind}">{items}</div>'
    if fieldset:
        legend = fieldset["legend"]
        inner = (
            f'<fieldset class="nhsuk-fieldset"'
            f"{_attribute('aria-describedby', described_by) if described_by else ''}>"
            f'<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--{legend["size"]}">'
            f"{escape(legend['text'])}</legend>{inner}</fieldset>"
        )
    return _group(params, inner)


def _date(params: dict[str, Any]) -> str:
    """Day, month and year boxes in a fieldset that the hint and the error describe."""
    id_ = escape(params["id"])
    below, described_by = _hint_and_error(params, id_)
    items = "".join(
        f'<div class="nhsuk-date-input__item"><div class="nhsuk-form-group">'
        f'<label class="nhsuk-label nhsuk-date-input__label" for="{escape(item["id"])}">'
        f"{escape(item['label'])}</label>"
        f"<input{_attribute('class', 'nhsuk-input nhsuk-date-input__input ' + item['classes'])}"
        f"{_attribute('id', item['id'])}{_attribute('name', item['name'])}"
        f"{_attribute('type', 'text')}{_attribute('value', item['value'])}"
        f"{_attribute('inputmode', item['inputmode'])}></div></div>"
        for item in params["items"]
    )
    legend = params["fieldset"]["legend"]
    return _group(
        params,
        f'<fieldset class="nhsuk-fieldset" role="group"'
        f"{_attribute('aria-describedby', described_by) if described_by else ''}>"
        f'<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--{legend["size"]}">'
        f"{escape(legend['text'])}</legend>{below}"
        f'<div class="nhsuk-date-input" id="{id_}">{items}</div></fieldset>',
    )


def field_html(bound_field: forms.BoundField) -> Markup | None:
    """The field's NHS.UK markup, or None for the kind left to the components (textareas)."""
    params = field_params(bound_field)
    kind = params["kind"]
    if kind == "input":
        return Markup(_input(params))
    if kind == "select":
        return Markup(_select(params))
    if kind in ("checkboxes", "radios"):
        return Markup(_options(params, kind))
    if kind == "date":
        return Markup(_date(params))
    return None
