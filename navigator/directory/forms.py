import datetime
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import QueryDict

from navigator.accounts.models import User
from navigator.accounts.permissions import Role
from navigator.core.concurrency import VersionedForm, shown
from navigator.core.forms import PostcodeField
from navigator.directory.models import (
    DirectoryOrganisation,
    ListingSuggestion,
    Service,
    TaxonomyTerm,
    Weekday,
)
from navigator.directory.oruk.csv_layout import CSV_COLUMNS
from navigator.directory.selectors import TIMES_OF_DAY

MAX_IMPORT_BYTES = 10 * 1024 * 1024
DISTANCES = [
    ("1", "1 mile"),
    ("3", "3 miles"),
    ("5", "5 miles"),
    ("10", "10 miles"),
    ("25", "25 miles"),
]


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Words to search for",
        required=False,
        max_length=200,
        help_text="For example: walking, art, debt advice",
    )
    category = forms.ChoiceField(label="Category", required=False)
    day = forms.ChoiceField(
        label="Day of the week",
        required=False,
        choices=[("", "Any day"), *[(str(v), label) for v, label in Weekday.choices]],
    )
    time = forms.ChoiceField(
        label="Time of day",
        required=False,
        choices=[("", "Any time")] + [(key, key.capitalize()) for key in TIMES_OF_DAY],
    )
    accessibility = forms.CharField(
        label="Accessibility",
        required=False,
        max_length=100,
        help_text="For example: step-free, hearing loop, accessible toilet",
    )
    free = forms.BooleanField(label="Free only", required=False)
    postcode = PostcodeField(
        label="Near postcode",
        required=False,
        help_text="The person's postcode, to find what is near them",
    )
    within = forms.ChoiceField(label="Within", required=False, choices=DISTANCES, initial="5")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = [("", "Any category")] + [
            (str(pk), name)
            for pk, name in TaxonomyTerm.objects.order_by("name").values_list("pk", "name")
        ]


class ServiceForm(VersionedForm):
    organisation = forms.ModelChoiceField(
        queryset=DirectoryOrganisation.objects.none(),
        label="Organisation that runs it",
        required=False,
        empty_label="Choose an organisation",
    )
    new_organisation = forms.CharField(
        label="Or the name of a new organisation",
        required=False,
        max_length=200,
    )
    categories = forms.ModelMultipleChoiceField(
        queryset=TaxonomyTerm.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Categories",
    )
    language_names = forms.CharField(
        label="Languages it is delivered in (optional)",
        required=False,
        max_length=1000,
        help_text="Separate them with semicolons, for example: English; Welsh; Polish",
    )
    area_names = forms.CharField(
        label="Areas it serves (optional)",
        required=False,
        max_length=2000,
        help_text="Separate them with semicolons, for example: Leeds; Wakefield",
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "description",
            "keywords",
            "status",
            "paused",
            "url",
            "email",
            "minimum_age",
            "maximum_age",
            "eligibility_description",
            "is_free",
            "cost_amount",
            "cost_description",
            "takes_direct_referrals",
            "how_to_refer",
            "capacity_note",
            "is_social_prescribing_service",
            "navigator_organisation",
        ]
        widgets: dict[str, type[forms.Widget] | forms.Widget] = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "how_to_refer": forms.Textarea(attrs={"rows": 3}),
            "eligibility_description": forms.Textarea(attrs={"rows": 2}),
            "cost_amount": forms.NumberInput(attrs={"width": 5, "step": "0.01"}),
            "status": forms.RadioSelect,
            "minimum_age": forms.NumberInput(attrs={"width": 3, "inputmode": "numeric"}),
            "maximum_age": forms.NumberInput(attrs={"width": 3, "inputmode": "numeric"}),
        }
        labels = {
            "minimum_age": "Youngest age (optional)",
            "maximum_age": "Oldest age (optional)",
            "eligibility_description": "Who it is for (optional)",
            "cost_amount": "Cost in pounds, when not free (optional)",
            "cost_description": "Cost, when not free",
        }
        error_messages = {
            "name": {"required": "Enter the name of the service or activity"},
            "cost_amount": {
                "invalid": "Enter the cost in pounds, like 3 or 3.50",
                "max_digits": "Enter a cost below £1,000,000",
                "max_decimal_places": "Enter the cost in pounds and pence, like 3.50",
            },
        }

    def __init__(
        self,
        *args: Any,
        user: User,
        organisations: QuerySet[DirectoryOrganisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organisation = cast(
            "forms.ModelChoiceField[DirectoryOrganisation]", self.fields["organisation"]
        )
        organisation.queryset = organisations
        if self.instance.pk:
            self.fields["organisation"].initial = self.instance.organisation_id
            self.fields["categories"].initial = list(self.instance.categories.all())
            for name, (related, _, _) in NAMED_ROWS.items():
                rows = getattr(self.instance, related).all()
                self.fields[name].initial = "; ".join(str(row) for row in rows)
        if user.role == Role.VCS_PROVIDER:
            # Linking a listing to a Navigator organisation sends people's details to that
            # organisation's triage queue: only the deployment's own staff may set it.
            del self.fields["new_organisation"]
            del self.fields["navigator_organisation"]
        self.order_fields(["organisation", "new_organisation"])

    def clean_language_names(self) -> list[str]:
        return _names(self.cleaned_data["language_names"], *NAMED_ROWS["language_names"][1:])

    def clean_area_names(self) -> list[str]:
        return _names(self.cleaned_data["area_names"], *NAMED_ROWS["area_names"][1:])

    def clean_cost_amount(self) -> Decimal | None:
        amount = self.cleaned_data["cost_amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError("Enter a cost of £0 or more")
        return amount

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_free") and data.get("cost_amount"):
            self.add_error("cost_amount", "Leave the cost empty for a listing that is free")
        if not data.get("organisation") and not data.get("new_organisation"):
            self.add_error("organisation", "Choose the organisation that runs it")
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", "Oldest age must be the same as or above youngest age")
        return data


# The listing's rows the form edits by name: each field's relation, the longest name it holds
# and what one is called. (Not named as the relations, which a stale save's comparison would
# read as choices.)
NAMED_ROWS = {
    "language_names": ("languages", 100, "language"),
    "area_names": ("service_areas", 200, "area"),
}


def _names(text: str, longest: int, what: str) -> list[str]:
    """The names in "English; Welsh" (as the CSV layout writes them), each once, in the order
    typed."""
    names: dict[str, str] = {}
    for part in text.split(";"):
        name = " ".join(part.split())
        if len(name) > longest:
            raise forms.ValidationError(
                f"Each {what} must be {longest} characters or fewer: “{name[:30]}…” is longer"
            )
        if name:
            names.setdefault(name.casefold(), name)
    return list(names.values())


class LocationForm(forms.Form):
    prefix = "location"
    name = forms.CharField(label="Venue name", required=False, max_length=200)
    address_1 = forms.CharField(label="Address", required=False, max_length=200)
    city = forms.CharField(label="Town or city", required=False, max_length=100)
    postcode = PostcodeField(required=False)
    accessibility = forms.CharField(
        label="Accessibility",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: step-free access, accessible toilet, hearing loop",
    )


def _time_choices() -> list[tuple[str, str]]:
    times = [datetime.time(hour, minute) for hour in range(6, 23) for minute in (0, 30)]
    return [("", "Not given")] + [(t.strftime("%H:%M"), t.strftime("%H:%M")) for t in times]


class ScheduleForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label="Day",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "No day")] + [(str(v), label) for v, label in Weekday.choices],
    )
    opens_at = forms.TypedChoiceField(
        label="Starts",
        required=False,
        choices=_time_choices(),
        coerce=lambda v: datetime.time.fromisoformat(v),
        empty_value=None,
    )
    closes_at = forms.TypedChoiceField(
        label="Ends",
        required=False,
        choices=_time_choices(),
        coerce=lambda v: datetime.time.fromisoformat(v),
        empty_value=None,
    )
    frequency = forms.CharField(
        label="How often", required=False, max_length=200, help_text="For example: every week"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "End time must be after the start time")
        if (opens or closes or data.get("frequency")) and data.get("weekday") is None:
            self.add_error("weekday", "Choose the day, or clear the times")
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return data.get("weekday") is None and not data.get("opens_at")


SCHEDULE_ROWS = 3


def schedule_forms(data: QueryDict | None, service: Service | None) -> list[ScheduleForm]:
    existing = list(service.schedules.all()) if service else []
    forms_ = []
    for index in range(SCHEDULE_ROWS):
        initial: dict[str, object] = {}
        if index < len(existing):
            schedule = existing[index]
            initial = {
                "weekday": schedule.weekday,
                "opens_at": schedule.opens_at.strftime("%H:%M") if schedule.opens_at else "",
                "closes_at": schedule.closes_at.strftime("%H:%M") if schedule.closes_at else "",
                "frequency": schedule.frequency,
            }
        forms_.append(ScheduleForm(data, prefix=f"schedule-{index}", initial=initial))
    return forms_


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked this listing is up to date",
        error_messages={"required": "Confirm that you have checked the listing"},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="ORUK JSON or CSV file",
        required=False,
        help_text="A .json file from an Open Referral UK feed, or a .csv file with the columns "
        + ", ".join(CSV_COLUMNS)
        + ". Up to 10 MB",
        widget=forms.FileInput(
            attrs={"type": "file", "accept": ".json,.csv,application/json,text/csv"}
        ),
        error_messages={"empty": "The file is empty. Choose an ORUK JSON or CSV file"},
    )
    feed_url = forms.URLField(
        label="Or the address of a published ORUK API",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Its base address, like https://example.org/oruk (the one that has "
        "/services). Every page is read, then each service, in the background",
        error_messages={"invalid": "Enter the address of the API, like https://example.org/oruk"},
    )

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data["file"]
        if upload and upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file must be smaller than 10 MB")
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and bool(data.get("file")) == bool(data.get("feed_url")):
            self.add_error(
                "file", "Choose an ORUK JSON or CSV file, or enter the address of an ORUK API"
            )
        return data


class ProviderUserField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.organisation})"


class ProviderUsersForm(forms.Form):
    provider_users = ProviderUserField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="VCS provider users who keep these listings up to date and receive their referrals",
        help_text="Referrals link workers make to these listings arrive in these users' "
        "Navigator inbox. With no one chosen, they are e-mailed to the listing's address, and "
        "a listing with neither cannot receive referrals.",
    )

    # The version of the organisation the form was built from (core/concurrency.py).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ProviderUserField, self.fields["provider_users"]).queryset = users


# What someone who does not keep a listing may suggest changing: not its routing (whether it
# takes referrals, which Navigator organisation receives them), which is for its keepers alone.
ROUTING_FIELDS = {
    "takes_direct_referrals",
    "is_social_prescribing_service",
    "navigator_organisation",
}
SUGGESTED_FIELDS = [name for name in ServiceForm.Meta.fields if name not in ROUTING_FIELDS]


class SuggestionForm(forms.Form):
    """The listing's details to correct, and a note for anything else (times, venue)."""

    def __init__(self, data: QueryDict | None = None, *, service: Service) -> None:
        initial = {name: getattr(service, name) for name in SUGGESTED_FIELDS}
        super().__init__(data, initial=initial)
        self.service = service
        self.fields.update(
            forms.fields_for_model(
                Service,
                fields=SUGGESTED_FIELDS,
                widgets=ServiceForm.Meta.widgets,
                labels=ServiceForm.Meta.labels,
                error_messages=ServiceForm.Meta.error_messages,
            )
        )
        self.fields["note"] = forms.CharField(
            label="Anything else that is out of date (optional)",
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="For example: the day, times or venue have changed",
        )

    def changes(self) -> dict[str, Any]:
        """The suggested values that differ from the listing, as JSON holds them (an amount
        as its text, which the listing's field reads back)."""
        return {
            name: str(value) if isinstance(value, Decimal) else value
            for name in SUGGESTED_FIELDS
            if (value := self.cleaned_data[name]) != getattr(self.service, name)
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.changes() and not data.get("note"):
            raise forms.ValidationError(
                "Change at least one detail, or say what else is out of date"
            )
        return data

    @classmethod
    def rows(cls, suggestion: ListingSuggestion) -> list[dict[str, Any]]:
        """Each suggested change as the listing's keepers read it: now, and suggested."""
        fields = cls(service=suggestion.service).fields
        return [
            {
                "label": fields[name].label,
                "now": shown(fields[name], getattr(suggestion.service, name)),
                "suggested": shown(fields[name], value),
            }
            for name, value in suggestion.changes.items()
        ]


class SuggestionReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Do you want to make this change?",
        widget=forms.RadioSelect,
        choices=[("accept", "Yes, change the listing"), ("decline", "No, decline it")],
        error_messages={"required": "Choose whether to make the change"},
    )
