import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone

from navigator.accounts.models import User
from navigator.activities.models import ActivityPreferences, Outcome, TimeOfDay, VolunteerProfile
from navigator.activities.selectors import Recipients
from navigator.activities.services import AccompanimentDetails, PersonAnswer, assignment_problem
from navigator.activities.states import Status
from navigator.core.forms import DateField
from navigator.directory.models import Weekday
from navigator.referrals.models import Referral

TIME_WIDGET = forms.TextInput(attrs={"width": 5, "inputmode": "numeric"})


class ServiceSearchForm(forms.Form):
    q = forms.CharField(label="Search the directory", required=False, max_length=200)


def _combine(date: datetime.date | None, time: datetime.time | None) -> datetime.datetime | None:
    if date is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(date, time or datetime.time(0, 0)))


def _session_initial(planned: datetime.datetime | None) -> dict[str, Any]:
    """A planned session as the initial `date` and `time` of a form (no time at midnight,
    which means none was given)."""
    if planned is None:
        return {}
    local = timezone.localtime(planned)
    initial: dict[str, Any] = {"date": local.date()}
    if local.time() != datetime.time(0, 0):
        initial["time"] = f"{local:%H:%M}"
    return initial


def _planned_session(form: forms.Form, data: dict[str, Any]) -> dict[str, Any]:
    """Date and time of the first session as one `planned_first_session` (None: no date)."""
    if data.get("planned_time") and not data.get("planned_date"):
        form.add_error("planned_date", "Enter the date of the first session")
    data["planned_first_session"] = _combine(data.get("planned_date"), data.get("planned_time"))
    return data


def _session_time() -> forms.TimeField:
    return forms.TimeField(
        label="Time of the first session (optional)",
        required=False,
        widget=TIME_WIDGET,
        help_text="For example, 10:30",
        error_messages={"invalid": "Enter a time like 10:30"},
    )


class ActivityReferralForm(forms.Form):
    reason = forms.CharField(
        label="What the person hopes to get from it",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what the person hopes to get from it"},
    )
    note = forms.CharField(
        label="Note for the provider (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only what they need: the provider sees this",
    )
    planned_date = DateField(label="Planned first session (optional)", required=False)
    planned_time = _session_time()
    case = forms.ModelChoiceField(
        label="Case (optional)",
        queryset=Referral.objects.none(),
        required=False,
        empty_label="None",
    )

    def __init__(
        self,
        *args: Any,
        cases: Any = None,
        action: str = "",
        recipients: Recipients | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if cases is not None:
            cast(forms.ModelChoiceField, self.fields["case"]).queryset = cases
        else:
            del self.fields["case"]
        self.action, self.recipients = action, recipients

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = _planned_session(self, self.cleaned_data)
        if self.action == "send" and self.recipients is not None and self.recipients.nobody:
            self.add_error(
                None,
                f"No one can receive a referral to {self.recipients.service_name}: record that "
                "they were signposted, or that you referred them by telephone",
            )
        return data


class FirstSessionForm(forms.Form):
    planned_date = DateField(
        label="Planned first session",
        required=False,
        help_text="Leave empty when no date is planned",
    )
    planned_time = _session_time()

    def __init__(self, *args: Any, planned: datetime.datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial = {
            f"planned_{name}": value for name, value in _session_initial(planned).items()
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        return _planned_session(self, self.cleaned_data)


class StatusForm(forms.Form):
    reason = forms.CharField(
        label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, reason_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reason_required = reason_required
        if not reason_required:
            self.fields["reason"].label = "Reason or note (optional)"

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if self.reason_required and not reason:
            raise forms.ValidationError("Enter the reason")
        return reason


class CompanionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} ({obj.get_role_display().lower()})"


class AccompanimentForm(forms.Form):
    companion = CompanionChoiceField(
        label="Who goes with them",
        queryset=User.objects.none(),
        empty_label="Choose someone",
        error_messages={"required": "Choose who goes with them"},
    )
    meet_date = DateField(label="Date", error_messages={"required": "Enter the date"})
    meet_time = forms.TimeField(
        label="Time",
        widget=TIME_WIDGET,
        help_text="For example, 10:30",
        error_messages={"required": "Enter the time", "invalid": "Enter a time like 10:30"},
    )
    meeting_point = forms.CharField(
        max_length=300, error_messages={"required": "Enter where to meet"}
    )
    travel_notes = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Travel notes (optional)"
    )
    access_needs = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Access needs (optional)"
    )

    def __init__(
        self,
        *args: Any,
        companions: Any,
        planned: datetime.datetime | None = None,
        venue: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Most people are met at the planned first session, at its venue.
        session = {f"meet_{name}": value for name, value in _session_initial(planned).items()}
        self.initial = {**session, "meeting_point": venue, **self.initial}
        cast(CompanionChoiceField, self.fields["companion"]).queryset = companions

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        companion, date = data.get("companion"), data.get("meet_date")
        if companion is not None:
            problem = assignment_problem(companion, date)
            if problem:
                self.add_error("companion", problem)
        if date and data.get("meet_time"):
            data["meet_at"] = _combine(date, data["meet_time"])
        return data

    def model_data(self) -> AccompanimentDetails:
        data = self.cleaned_data
        return {
            "meet_at": data["meet_at"],
            "meeting_point": data["meeting_point"],
            "travel_notes": data["travel_notes"],
            "access_needs": data["access_needs"],
        }


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What happened",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened"},
    )
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class VolunteerProfileForm(forms.ModelForm):
    dbs_checked_on = DateField(
        label="Date of DBS check",
        required=False,
        past_only=True,
        help_text="A check older than 3 years has lapsed. For example, 27 3 2024",
    )

    class Meta:
        model = VolunteerProfile
        fields = ["availability", "skills", "languages", "dbs_checked_on"]
        widgets = {
            "availability": forms.Textarea(attrs={"rows": 2}),
            "skills": forms.Textarea(attrs={"rows": 2}),
        }


class PreferencesForm(forms.ModelForm):
    days = forms.TypedMultipleChoiceField(
        label="Days they can go (optional)",
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    times_of_day = forms.MultipleChoiceField(
        label="Times of day they can go (optional)",
        choices=TimeOfDay.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ActivityPreferences
        fields = ["days", "times_of_day", "max_miles", "interests"]
        labels = {
            "max_miles": "How far they can travel, in miles (optional)",
            "interests": "What they enjoy or would like to try (optional)",
        }
        help_texts = {
            "max_miles": "Suggestions are within 5 miles when this is left empty",
            "interests": "Separate them with commas, for example: gardening, singing, chess",
        }
        widgets = {
            "max_miles": forms.TextInput(attrs={"inputmode": "decimal", "width": 4}),
            "interests": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "max_miles": {
                "invalid": "Enter how far they can travel as a number of miles, like 2.5",
                "max_digits": "Enter a distance under 1,000 miles",
                "max_decimal_places": "Enter the miles with at most one decimal place",
                "max_whole_digits": "Enter a distance under 1,000 miles",
            }
        }

    def clean_max_miles(self):
        miles = self.cleaned_data["max_miles"]
        if miles is not None and miles <= 0:
            raise forms.ValidationError("Enter a distance more than 0 miles")
        return miles


class _ProviderLinkForm(forms.Form):
    """An answer through an e-mailed link: one choice, and a note that one choice needs."""

    note_needed_for: str
    note_needed_message: str

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["reason"] = data.get("reason", "").strip()
        if data.get("answer") == self.note_needed_for and not data["reason"]:
            self.add_error("reason", self.note_needed_message)
        return data


class ProviderAnswerForm(_ProviderLinkForm):
    """A provider's answer to a referral, through the e-mailed link."""

    note_needed_for = Status.REJECTED
    note_needed_message = "Enter why you are declining"

    answer = forms.ChoiceField(
        label="Your answer",
        choices=[
            (Status.ACCEPTED.value, "Accept: they can come"),
            (Status.ON_HOLD.value, "Put them on the waiting list"),
            (Status.REJECTED.value, "Decline"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your answer"},
    )
    reason = forms.CharField(
        label="Reason or note (needed if you decline)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AttendanceForm(_ProviderLinkForm):
    """The provider's word on the first session, through the e-mailed link."""

    note_needed_for = Status.FAILED
    note_needed_message = "Enter what you know, for example that they did not reply"

    answer = forms.ChoiceField(
        label="Did they come to the first session?",
        choices=[
            (Status.IN_PROGRESS.value, "Yes, they came"),
            (Status.FAILED.value, "No, they did not come"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they came"},
    )
    reason = forms.CharField(
        label="Note (needed if they did not come)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PersonAttendanceForm(forms.Form):
    """The person's own answer, through the link e-mailed to them a week after their planned
    first session. Plain words; both follow-up questions are optional."""

    answer = forms.ChoiceField(
        label="Did you go?",
        choices=[
            (PersonAnswer.WENT, "Yes, I went"),
            (PersonAnswer.DID_NOT_GO, "No, I did not go"),
            (PersonAnswer.MOVED, "It has been moved to another date"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes, no, or that it has moved"},
    )
    got_in_the_way = forms.CharField(
        label="If you did not go, what got in the way? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This helps your link worker help you",
    )
    new_date = DateField(label="If it has moved, what is the new date? (optional)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        example = timezone.localdate() + datetime.timedelta(days=14)
        self.fields["new_date"].help_text = f"For example, {example:%-d %-m %Y}"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        new_date = data.get("new_date")
        if data.get("answer") != PersonAnswer.MOVED:
            data["new_date"] = None  # typed before changing their mind: not an answer
        elif new_date is not None and new_date < timezone.localdate():
            self.add_error("new_date", "The new date must be today or in the future")
        if data.get("answer") != PersonAnswer.DID_NOT_GO:
            data["got_in_the_way"] = ""
        return data
