import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone

from navigator.core.concurrency import VersionedForm
from navigator.core.forms import DateField
from navigator.outreach.csv_import import ACCEPTED_COLUMNS
from navigator.outreach.models import Outcome, OutreachSettings

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
TIME_PATTERN = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?\s*(am|pm)?", re.IGNORECASE)


class CohortUploadForm(forms.Form):
    name = forms.CharField(
        label="Name of the cohort",
        max_length=200,
        help_text="For example, Over 75s living alone, Chapel Allerton, spring 2027",
        error_messages={"required": "Enter a name for the cohort"},
    )
    reason = forms.CharField(
        label="Why these people are being contacted",
        max_length=200,
        help_text="Used for anyone whose row in the file has no reason of its own",
        error_messages={"required": "Enter why these people are being contacted"},
    )
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "UTF-8 CSV with a row of column headings: "
            + ", ".join(ACCEPTED_COLUMNS)
            + ". Up to 5 MB"
        ),
        widget=forms.FileInput(attrs={"type": "file", "accept": ".csv,text/csv"}),
        error_messages={
            "required": "Choose a CSV file to upload",
            "empty": "The file is empty. Choose a CSV file with a row of column headings",
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB")
        return upload


def parse_time(value: str) -> datetime.time | None:
    match = TIME_PATTERN.fullmatch(value.strip())
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


YES_NO = [("yes", "Yes"), ("no", "No")]


class CallAttemptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened on the call"},
    )
    call_back_date = DateField(
        label="Call back on (only if they asked to be called back)",
        required=False,
        help_text="For example, 27 3 2027",
    )
    call_back_time = forms.CharField(
        label="Call back at (only if they asked to be called back)",
        required=False,
        max_length=10,
        help_text="For example, 14:30 or 2:30pm",
        widget=forms.TextInput(attrs={"width": 5}),
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_to_hold = forms.ChoiceField(
        label="Do they agree that we hold their information? (only if they want support)",
        help_text="Read them the consent script, then ask",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    consent_to_share = forms.ChoiceField(
        label="Do they agree that we share it with services that support them, such as their "
        "GP and activity providers? (only if they want support)",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    consent_said = forms.CharField(
        label="What they said when you asked (only if they want support)",
        help_text="In their words, as near as you can",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["call_back_at"] = None
        if data.get("outcome") == Outcome.WANTS_SUPPORT:
            self._check_consent(data)
        if data.get("outcome") != Outcome.CALL_BACK:
            return data
        date, typed_time = data.get("call_back_date"), data.get("call_back_time", "")
        if date is None and "call_back_date" not in self.errors:
            self.add_error("call_back_date", "Enter the date they asked to be called back")
        time = parse_time(typed_time) if typed_time else None
        if not typed_time:
            self.add_error("call_back_time", "Enter the time they asked to be called back")
        elif time is None:
            self.add_error("call_back_time", "Enter a time like 14:30 or 2:30pm")
        if date is None or time is None:
            return data
        when = timezone.make_aware(datetime.datetime.combine(date, time))
        if when <= timezone.now():
            self.add_error("call_back_date", "The call-back time must be in the future")
        data["call_back_at"] = when
        return data

    def _check_consent(self, data: dict[str, Any]) -> None:
        """Someone who wants support is asked for consent on the call, and what they said is
        kept: a record is opened only when they agree that we hold their information."""
        if not data.get("consent_to_hold"):
            self.add_error(
                "consent_to_hold", "Select whether they agree that we hold their information"
            )
        elif data["consent_to_hold"] == "no":
            self.add_error(
                "consent_to_hold",
                "We can only open a case for them if they agree that we hold their "
                "information. Log the call as declined, or as a call back if they want to "
                "think about it",
            )
        if not data.get("consent_to_share"):
            self.add_error(
                "consent_to_share", "Select whether they agree that we share their information"
            )
        if not data.get("consent_said", "").strip():
            self.add_error("consent_said", "Enter what they said when you asked for consent")

    def consent(self) -> dict[str, Any]:
        """What the person agreed to on the call, for their record."""
        data = self.cleaned_data
        if data["outcome"] != Outcome.WANTS_SUPPORT:
            return {}
        return {
            "consent_to_hold": data["consent_to_hold"] == "yes",
            "consent_to_share": data["consent_to_share"] == "yes",
            "consent_said": data["consent_said"].strip(),
        }


class OutreachSettingsForm(VersionedForm):
    class Meta:
        model = OutreachSettings
        fields = ["failed_attempt_limit"]
        widgets = {"failed_attempt_limit": forms.NumberInput(attrs={"width": 2})}
        error_messages = {
            "failed_attempt_limit": {
                "required": "Enter the number of failed attempts",
                "invalid": "Enter a whole number from 1 to 20",
                "min_value": "Enter a whole number from 1 to 20",
                "max_value": "Enter a whole number from 1 to 20",
            }
        }
