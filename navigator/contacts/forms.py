import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.contacts.models import CaseloadSettings, ClosureReason, Mode, Setting
from navigator.core.calendar import LONDON
from navigator.core.concurrency import VersionedForm
from navigator.core.forms import DateField
from navigator.referrals import selectors as referral_selectors
from navigator.referrals.states import State

YES_NO = [("yes", "Yes"), ("no", "No, it was an attempt that did not connect")]


class ContactForm(forms.Form):
    date = DateField(
        label="Date of the contact",
        past_only=True,
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the contact"},
    )
    time = forms.TimeField(
        label="Time (optional)",
        required=False,
        help_text="For example, 14:30",
        widget=forms.TextInput(attrs={"width": 5}),
        error_messages={"invalid": "Enter a time like 14:30"},
    )
    connected = forms.ChoiceField(
        label="Did you speak with the person?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the contact connected"},
    )
    mode = forms.ChoiceField(
        label="How",
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact was made"},
    )
    setting = forms.ChoiceField(
        label="Where (for a contact in person)",
        choices=Setting.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    setting_other = forms.CharField(label="The place, if somewhere else", required=False)
    duration_minutes = forms.IntegerField(
        label="How long, in minutes (optional)",
        required=False,
        min_value=1,
        max_value=600,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 4}),
    )
    who_took_part = forms.CharField(label="Who took part (optional)", required=False)
    what_happened = forms.CharField(
        label="What happened", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    what_agreed = forms.CharField(
        label="What was agreed", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_contact_date = DateField(
        label="Next contact date (optional)",
        required=False,
        help_text="Leave empty to use the usual interval for the person's level of need",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("mode") == Mode.IN_PERSON and not data.get("setting"):
            self.add_error("setting", "Select where the contact took place")
        if data.get("setting") == Setting.OTHER and not data.get("setting_other"):
            self.add_error("setting_other", "Enter the place")
        day, next_day = data.get("date"), data.get("next_contact_date")
        if day and next_day and next_day < day:
            self.add_error("next_contact_date", "Next contact date must be after the contact")
        return data

    def contact_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        at = data["time"] or datetime.time(12, 0)  # noon: the middle of the day it happened
        when = datetime.datetime.combine(data["date"], at, tzinfo=LONDON)
        if when > timezone.now():
            when = timezone.now()
        in_person = data["mode"] == Mode.IN_PERSON
        return {
            "when": when,
            "time_known": data["time"] is not None,
            "mode": data["mode"],
            "setting": data["setting"] if in_person else "",
            "setting_other": data["setting_other"] if in_person else "",
            "duration_minutes": data["duration_minutes"],
            "who_took_part": data["who_took_part"],
            "what_happened": data["what_happened"],
            "what_agreed": data["what_agreed"],
            "next_contact_date": data["next_contact_date"],
            "connected": data["connected"] == "yes",
        }


class OverrideForm(forms.Form):
    interval_days = forms.IntegerField(
        label="Days between contacts",
        required=False,
        min_value=1,
        max_value=365,
        help_text="Leave empty to use the interval for the person's level of need",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 4}),
    )
    reason = forms.CharField(
        label="Why this person needs a different interval",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("interval_days") and not data.get("reason"):
            self.add_error("reason", "Enter why this person needs a different interval")
        return data


class SettingsForm(VersionedForm):
    class Meta:
        model = CaseloadSettings
        fields = [
            "high_days",
            "medium_days",
            "low_days",
            "expected_weeks",
            "expected_contacts",
            "caseload_target",
            "follow_up_days",
            "disengage_after",
        ]
        widgets = {
            name: forms.TextInput(attrs={"inputmode": "numeric", "width": 4}) for name in fields
        }


class ClosureForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the case is closing"},
    )
    reason_other = forms.CharField(label="The reason, if other", required=False)
    summary = forms.CharField(
        label="Closing summary",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the person now does without the link worker, and how things ended",
        error_messages={"required": "Enter a closing summary"},
    )
    codes_only = forms.BooleanField(
        label="The person wants their GP to get the codes only, with no notes", required=False
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("reason") == ClosureReason.OTHER and not data.get("reason_other"):
            self.add_error("reason_other", "Enter the reason")
        return data


class FollowUpForm(forms.Form):
    due_on = DateField(
        label="When is the follow-up due?",
        help_text="For example, 27 3 2027",
        error_messages={"required": "Enter the date the follow-up is due"},
    )

    def clean_due_on(self) -> datetime.date:
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError("The follow-up date must be today or in the future")
        return due_on


class ConfirmForm(forms.Form):
    """A confirmation page's form: the button is the answer."""


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason"},
    )


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: referral_selectors.LinkWorkerWithCaseload) -> str:
        return f"{obj} ({obj.caseload} open)"


class ReallocateForm(forms.Form):
    link_worker = WorkerChoiceField(
        queryset=User.objects.none(),
        label="Who will work with this person now?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select a link worker"},
    )
    reason = ReasonForm.base_fields["reason"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(WorkerChoiceField, self.fields["link_worker"])
        field.queryset = referral_selectors.link_workers_with_caseload(organisation)


class ReopenForm(forms.Form):
    """Who takes the reopened case: a link worker (the previous one by default) or the
    waiting list."""

    WAITING_LIST = "waiting"

    reason = forms.CharField(
        label="Why is the case being reopened?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason"},
    )
    link_worker = forms.ChoiceField(
        label="Who will work with this person?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a link worker or the waiting list"},
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workers = {
            str(worker.pk): worker
            for worker in referral_selectors.link_workers_with_caseload(organisation)
        }
        cast(forms.ChoiceField, self.fields["link_worker"]).choices = [
            *((pk, f"{worker} ({worker.caseload} open)") for pk, worker in self.workers.items()),
            (self.WAITING_LIST, "Put the case on the waiting list"),
        ]

    def chosen_worker(self) -> User | None:
        return self.workers.get(self.cleaned_data["link_worker"])

    def to_waiting_list(self) -> bool:
        return self.cleaned_data["link_worker"] == self.WAITING_LIST


class CaseloadFilterForm(forms.Form):
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[("next_due", "Next contact due"), ("name", "Name"), ("weeks", "Weeks in support")],
    )
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[("", "Any stage")]
        + [
            (state.value, state.label)
            for state in (State.ALLOCATED, State.FIRST_CONTACT, State.ASSESSED, State.ACTIVE)
        ],
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
