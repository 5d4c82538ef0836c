from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.text import slugify

from navigator.outcomes.instruments import Instrument, Item
from navigator.outcomes.models import AnsweredHow, TimePoint

# A range this short is answered by choosing a number; longer ones (0-100) are typed.
MOST_RADIOS = 11


def _answer_field(item: Item) -> forms.Field:
    hint = item.hint
    if item.choices:
        choices = [(str(choice.value), choice.label) for choice in item.choices]
    elif item.decimal_places == 0 and item.maximum - item.minimum < MOST_RADIOS:
        choices = [(str(n), str(n)) for n in range(int(item.minimum), int(item.maximum) + 1)]
    else:
        return forms.DecimalField(
            label=item.text,
            help_text=hint or f"A number from {item.minimum} to {item.maximum}",
            required=False,
            min_value=item.minimum,
            max_value=item.maximum,
            decimal_places=item.decimal_places,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "width": 5}),
            error_messages={
                "invalid": "Enter a number, like 42",
                "min_value": f"The score must be {item.minimum} or more",
                "max_value": f"The score must be {item.maximum} or less",
                "max_decimal_places": f"Use no more than {item.decimal_places} decimal places",
            },
        )
    return forms.ChoiceField(
        label=item.text,
        help_text=hint,
        required=False,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the answers given"},
    )


class AnswersForm(forms.Form):
    """One field per question, none required: a question left blank is stored as missing."""

    def __init__(
        self,
        *args: Any,
        items: list[Item],
        answers: dict[str, Decimal | None],
        ask_how: list[tuple[str, str]] | None = None,
        answered_how: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.keys = {}
        if ask_how:
            self.fields["answered_how"] = forms.ChoiceField(
                label="How were these answers given?",
                choices=ask_how,
                widget=forms.RadioSelect,
                initial=answered_how,
                error_messages={"required": "Say how the answers were given"},
            )
        for number, item in enumerate(items, start=1):
            name = f"q{number}"
            self.keys[name] = item.key
            self.fields[name] = _answer_field(item)
            value = answers.get(item.key)
            self.initial[name] = "" if value is None else f"{value.normalize():f}"

    def answers(self) -> dict[str, Decimal | None]:
        return {
            key: (
                None
                if self.cleaned_data.get(name) in (None, "")
                else Decimal(self.cleaned_data[name])
            )
            for name, key in self.keys.items()
        }


STAFF_ANSWERED_HOW = AnsweredHow.choices
PERSON_ANSWERED_HOW = [
    (AnsweredHow.ALONE, "I answered on my own"),
    (AnsweredHow.WITH_HELP, "Someone helped me answer"),
]


class StartForm(forms.Form):
    instrument = forms.ChoiceField(
        label="Which measure?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a measure"},
    )
    time_point = forms.ChoiceField(
        label="When in their support is this?",
        choices=TimePoint.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose when in their support this is"},
    )

    def __init__(self, *args: Any, instruments: list[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instrument = cast(forms.ChoiceField, self.fields["instrument"])
        instrument.choices = [(i.code, i.name) for i in instruments]


class SwitchesForm(forms.Form):
    enabled = forms.MultipleChoiceField(
        label="Measures your organisation uses",
        help_text="Staff can record only the measures ticked here. Switching a measure off "
        "keeps the answers already recorded.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # What was switched on when the page was opened, so that a save cannot silently undo
    # another manager's change made in the meantime.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, library: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.codes = [entry.instrument.code for entry in library]
        cast(forms.MultipleChoiceField, self.fields["enabled"]).choices = [
            (entry.instrument.code, entry.instrument.name) for entry in library
        ]
        self.initial["enabled"] = [e.instrument.code for e in library if e.enabled]
        self.initial["seen"] = seen_switches(library)

    def switches(self) -> dict[str, bool]:
        chosen = set(self.cleaned_data["enabled"])
        return {code: code in chosen for code in self.codes}

    def seen_on(self) -> frozenset[str]:
        """The measures that were switched on when the page was opened."""
        return frozenset(filter(None, self.cleaned_data["seen"].split(",")))


def seen_switches(library: list) -> str:
    return ",".join(sorted(entry.instrument.code for entry in library if entry.enabled))


class CustomInstrumentForm(forms.Form):
    name = forms.CharField(
        label="Name of the measure",
        max_length=120,
        error_messages={"required": "Enter a name for the measure"},
    )
    items = forms.CharField(
        label="Questions or statements",
        help_text="One on each line. Each is answered with a number in the range below.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter at least one question"},
    )
    minimum = forms.IntegerField(
        label="Lowest answer",
        min_value=0,
        max_value=100,
        initial=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 3}),
        error_messages={"required": "Enter the lowest answer", "invalid": "Enter a number"},
    )
    maximum = forms.IntegerField(
        label="Highest answer",
        min_value=1,
        max_value=100,
        initial=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 3}),
        error_messages={"required": "Enter the highest answer", "invalid": "Enter a number"},
    )
    higher_is_better = forms.TypedChoiceField(
        label="Is a higher total better?",
        choices=[("yes", "Yes, higher is better"), ("no", "No, lower is better")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether a higher total is better"},
    )

    def __init__(self, *args: Any, taken: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken = taken

    def clean_items(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["items"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > 20:
            raise forms.ValidationError("Enter 20 questions or fewer")
        return lines

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        low, high = cleaned.get("minimum"), cleaned.get("maximum")
        if low is not None and high is not None and low >= high:
            self.add_error("maximum", "The highest answer must be more than the lowest")
        name = cleaned.get("name")
        if name:
            code = slugify(name)[:40]
            if not code:
                self.add_error("name", "Use letters or numbers in the name")
            elif code in self.taken:
                self.add_error("name", "Your organisation already has a measure with this name")
            cleaned["code"] = code
        return cleaned
