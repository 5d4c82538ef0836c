import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.audit.models import AuditEvent
from navigator.core.forms import DateField

# Without dates the review shows the last week: recent enough to act on, and a bounded scan.
DEFAULT_DAYS = 7
LONGEST_PERIOD = datetime.timedelta(days=366)


class ReviewFilterForm(forms.Form):
    """The audit review's filters, in its address so that a filtered view can be shared and
    its download carries the same filters."""

    organisation = forms.TypedChoiceField(
        label="Organisation", required=False, coerce=int, empty_value=None
    )
    user = forms.TypedChoiceField(label="User", required=False, coerce=int, empty_value=None)
    person = forms.IntegerField(
        label="Person's record number",
        required=False,
        min_value=1,
        help_text="The number in the address of their record, for example 1234",
        error_messages={
            "invalid": "Record number must be a whole number, like 1234",
            "min_value": "Record number must be a whole number, like 1234",
        },
    )
    action = forms.ChoiceField(
        label="What was done",
        required=False,
        choices=[("", "Anything"), *AuditEvent.Action.choices],
    )
    start = DateField(label="From", required=False, help_text="For example, 1 12 2026")
    end = DateField(label="To", required=False, help_text="For example, 7 12 2026")

    def __init__(self, data: Any, *, deployment: bool, organisation_id: int | None) -> None:
        super().__init__(data)
        users = User.objects.order_by("first_name", "last_name", "username")
        if deployment:
            cast(forms.ChoiceField, self.fields["organisation"]).choices = [
                ("", "All organisations"),
                *Organisation.objects.order_by("name").values_list("pk", "name"),
            ]
        else:
            # A manager reviews their own organisation, whose staff are the users to choose.
            del self.fields["organisation"]
            users = users.filter(organisation_id=organisation_id or 0)
        cast(forms.ChoiceField, self.fields["user"]).choices = [
            ("", "Anyone"),
            *((user.pk, str(user)) for user in users),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The 'to' date must be the same as or after the 'from' date")
        elif start and end and end - start > LONGEST_PERIOD:
            self.add_error("end", "Choose a period of a year or less")
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The days reviewed, both included: those chosen, or the last week."""
        data = self.cleaned_data if self.is_valid() else {}
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or min(end, today) - datetime.timedelta(days=DEFAULT_DAYS - 1)
        if end - start > LONGEST_PERIOD:
            start = end - LONGEST_PERIOD
        return start, end
