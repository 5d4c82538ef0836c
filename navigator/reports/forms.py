import calendar
import datetime
from typing import Any, cast

from django import forms
from django.db.models import Exists, OuterRef, Q
from django_scopes import scopes_disabled

from navigator.accounts.models import User
from navigator.accounts.permissions import Role
from navigator.accounts.selectors import teams_of
from navigator.core.forms import DateField, Pairs
from navigator.people.models import GPPractice
from navigator.referrals.models import Referral, SourceType
from navigator.reports.selectors import Filters, ReportedService
from navigator.reports.selectors.tallies import practices_named

# A commissioner of more services than this gives a GP practice by its ODS code: their
# services' referrals name more practices than a list can usefully offer (a national
# commissioner's 6,500 made every report page 330 KB longer, and took a tenth of its time).
LISTS_PRACTICES_UP_TO = 60


class PracticeCodeField(forms.CharField):
    """A GP practice given by its ODS code, in any case; its value is the practice's id."""

    def clean(self, value: Any) -> int | None:
        code = super().clean(value).strip().upper()
        if not code:
            return None
        found = GPPractice.objects.filter(ods_code=code).values_list("pk", flat=True).first()
        if found is None:
            raise forms.ValidationError("Enter the ODS code of a GP practice, like B86001")
        return found


class FilterForm(forms.Form):
    """The filters every report page takes, in its address so a filtered page can be shared
    and its downloads carry the same filters."""

    start = DateField(label="From", required=False, help_text="For example, 1 4 2026")
    end = DateField(label="To", required=False, help_text="For example, 31 3 2027")
    service = forms.TypedChoiceField(label="Service", required=False, coerce=int, empty_value=None)
    team = forms.TypedChoiceField(
        label="Team",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Counts the referrals allocated to the team's link workers (the team each "
        "is in now)",
    )
    link_worker = forms.TypedChoiceField(
        label="Link worker", required=False, coerce=int, empty_value=None
    )
    gp_practice = forms.TypedChoiceField(
        label="GP practice", required=False, coerce=int, empty_value=None
    )
    source = forms.ChoiceField(
        label="Referral source", required=False, choices=[("", "All sources"), *SourceType.choices]
    )

    def __init__(
        self, data: Any, *, organisations: list[ReportedService], commissioned: bool
    ) -> None:
        super().__init__(data)
        self.commissioned = commissioned
        ids = [organisation.pk for organisation in organisations]
        if commissioned:
            self.fields["start"].help_text = "For example, 1 4 2026. Reports cover whole months."
            self.fields["end"].help_text = "For example, 31 3 2027. Reports cover whole months."
        if commissioned and len(organisations) > 1:
            cast(forms.ChoiceField, self.fields["service"]).choices = Pairs(
                [
                    ("", "All services"),
                    *((organisation.pk, organisation.name) for organisation in organisations),
                ]
            )
        else:
            # A manager's reports are of their own service.
            del self.fields["service"]
        teams = [] if commissioned else list(teams_of(ids[0] if ids else None))
        if teams:
            cast(forms.ChoiceField, self.fields["team"]).choices = [
                ("", "All teams"),
                *((team.pk, team.name) for team in teams),
            ]
        else:
            # Commissioners see services, not the teams inside them.
            del self.fields["team"]
        if commissioned:
            # Commissioners see services, not the people who work in them.
            del self.fields["link_worker"]
        else:
            # One index probe per user of the service (Exists), not a join of its users to
            # every referral it has had. Made with scopes lifted, as the figures are counted:
            # the viewer's restrictions made it a hash of every referral of the service.
            with scopes_disabled():
                allocated = Referral.objects.filter(allocated_to=OuterRef("pk"))
                workers = list(
                    User.objects.filter(
                        Q(role=Role.LINK_WORKER) | Q(Exists(allocated)), organisation__in=ids
                    )
                )
            cast(forms.ChoiceField, self.fields["link_worker"]).choices = [
                ("", "All link workers"),
                *((worker.pk, str(worker)) for worker in workers),
            ]
        if commissioned and len(ids) > LISTS_PRACTICES_UP_TO:
            self.fields["gp_practice"] = PracticeCodeField(
                label="GP practice ODS code", required=False, help_text="For example, B86001"
            )
        else:
            cast(forms.ChoiceField, self.fields["gp_practice"]).choices = Pairs(
                [
                    ("", "All GP practices"),
                    *(
                        (pk, GPPractice.label(name, code))
                        for pk, name, code in practices_named(ids)
                    ),
                ]
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date")
        if self.commissioned:
            # Rounded counts of periods that differ by a day would show where a total crosses
            # a rounding boundary, and so give small counts back: commissioners' periods
            # are whole months.
            if start:
                cleaned["start"] = start.replace(day=1)
            if end:
                cleaned["end"] = last_day_of_month(end)
        return cleaned

    def filters(self) -> Filters:
        """The chosen filters; none when what was typed is not valid."""
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            start=data.get("start"),
            end=data.get("end"),
            service=data.get("service"),
            team=data.get("team"),
            link_worker=data.get("link_worker"),
            gp_practice=data.get("gp_practice"),
            source=data.get("source") or "",
        )


def last_day_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
