"""core/summary_list.jinja writes the NHS.UK summary list's markup itself, for speed: for rows
of a key's text and a value's text or html, it comes out as the component's."""

import pytest
from django.template import engines

from navigator.core.tests.test_form_contract import Structure

ROWS = [
    {"key": {"text": "Waiting list"}, "value": {"html": '<a href="/waiting/">3 waiting</a>'}},
    {"key": {"text": '<b>"Ada" & O\'Brien</b>'}, "value": {"text": '<i>"12" & more</i>'}},
    {"key": {"text": "Nothing yet"}, "value": {"text": ""}},
]


@pytest.mark.parametrize("rows", [ROWS[:1], ROWS], ids=["one row", "every kind of row"])
def test_the_lean_summary_list_is_the_components(rows):
    env = engines["jinja2"].env
    components = env.from_string(
        '{% from "nhsuk/components/summary-list/macro.jinja" import summaryList %}'
        '{{ summaryList({"rows": rows}) }}'
    )
    lean = env.from_string(
        '{% from "core/summary_list.jinja" import summary_list %}{{ summary_list(rows) }}'
    )
    assert (
        Structure(lean.render(rows=rows)).events == Structure(components.render(rows=rows)).events
    )
