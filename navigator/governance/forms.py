from typing import cast

from django import forms

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class RetentionForm(forms.Form):
    years = forms.IntegerField(
        label="Years to keep a record after the end of the person's last case",
        help_text=(
            "The NHS Records Management Code of Practice keeps most adult care records for 8 "
            "years. A record is listed for review when this time has passed."
        ),
        min_value=1,
        max_value=100,
        error_messages={
            "required": "Enter how many years to keep a record",
            "invalid": "Enter a whole number of years, like 8",
            "min_value": "Keep records for at least 1 year",
            "max_value": "Enter 100 years or fewer",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
    )


class ReleaseForm(forms.Form):
    """Which notes hold someone else's details, to withhold from the release copy."""

    withheld = forms.MultipleChoiceField(
        label="Withhold these notes from the release",
        help_text=(
            "Tick a note that gives details of someone else (a relative, a neighbour, another "
            "professional) that they have not agreed to share. It is replaced by "
            "“[Withheld: information about someone else]” in both files."
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["withheld"]).choices = choices


class DestroyForm(forms.Form):
    records = forms.MultipleChoiceField(
        label="Records to destroy",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one record to destroy",
            "invalid_choice": (
                "A record you selected is no longer waiting for a decision (someone held or "
                "destroyed it). Check the list and select again"
            ),
        },
    )
    confirm = forms.BooleanField(
        label=(
            "I have checked these records, none needs keeping longer, and I approve their "
            "destruction. This cannot be undone."
        ),
        error_messages={"required": "Confirm that you approve the destruction"},
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["records"]).choices = choices


class HoldForm(forms.Form):
    reason = forms.CharField(
        label="Why the record is being kept",
        help_text=(
            "For example, a complaint or a safeguarding enquiry that is still open, or a "
            "request from a court. The record is not listed again until you release the hold."
        ),
        widget=TEXTAREA,
        max_length=2000,
        error_messages={
            "required": "Enter why the record is being kept",
            "max_length": "Enter at most 2,000 characters",
        },
    )
