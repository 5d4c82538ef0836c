import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.core.concurrency import VersionedForm
from navigator.core.forms import DateField, PhoneNumberField, choices_of
from navigator.people.forms import PersonDetailsFields
from navigator.people.models import Person
from navigator.referrals import selectors, services
from navigator.referrals.models import (
    Channel,
    DeclineReason,
    Referral,
    ReferralEmailTemplate,
    ReferralReason,
    SourceType,
)

# The sections of the referral form, in the order a referrer fills them in.
REFERRAL_SECTIONS: list[tuple[str, list[str]]] = [
    ("How the referral arrived", ["source_type", "channel", "received_on"]),
    (
        "The person",
        [
            "given_name",
            "family_name",
            "date_of_birth",
            "nhs_number",
            "address",
            "postcode",
            "phone",
            "email",
            "gp_practice",
        ],
    ),
    ("How to contact them", ["preferred_contact_method", "preferred_contact_times", "language"]),
    ("Why you are referring them", ["reasons", "reason_details", "urgency", "risks"]),
    (
        "Their consent",
        ["consent_given", "consent_method", "consent_given_on", "consent_recorded_by"],
    ),
    (
        "Who is referring",
        [
            "referrer_name",
            "referrer_role",
            "referrer_organisation",
            "referrer_email",
            "referrer_phone",
        ],
    ),
]

# Routes in with pages of their own: not keyed in through this form.
OWN_ROUTES = {SourceType.SELF, SourceType.SOCIAL_PRESCRIBING, SourceType.TARGETED_OUTREACH}


def _without_blank(choices: Any) -> list:
    return [choice for choice in choices if choice[0]]


class ReferralForm(PersonDetailsFields, forms.ModelForm):
    """One referral, as a referrer sends it or as staff key in one that came another way.

    `keyed_in` (staff) adds the source and how it arrived; a referrer's referral is always
    from primary care, through this form."""

    reasons = forms.ModelMultipleChoiceField(
        queryset=ReferralReason.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Reasons for referral",
        help_text="Select all that apply",
    )
    consent_given = forms.BooleanField(
        required=False, label="The person agrees to be referred to social prescribing"
    )
    consent_given_on = DateField(
        label="Date they gave consent",
        past_only=True,
        required=False,
        help_text="For example, 27 3 2026",
    )
    referrer_phone = PhoneNumberField(label="Referrer's phone number", required=False)
    received_on = DateField(
        label="Date the referral was received",
        past_only=True,
        required=False,
        help_text="Leave empty if it arrived today. For example, 27 3 2026",
    )

    class Meta:
        model = Referral
        fields = [
            name
            for _, names in REFERRAL_SECTIONS
            for name in names
            if name not in {"consent_given_on", "received_on"}
        ]
        labels = {
            "source_type": "Who referred them",
            "channel": "How the referral arrived",
            "address": "Address (optional)",
            "email": "E-mail address (optional)",
            "preferred_contact_method": "How they prefer to be contacted",
            "preferred_contact_times": "Best times to contact them (optional)",
            "language": "Their main language (optional)",
            "reason_details": "More about the reasons (optional)",
            "risks": "Risks and safeguarding concerns (optional)",
            "consent_method": "How they gave consent",
            "consent_recorded_by": "Consent recorded by",
            "referrer_name": "Referrer's name",
            "referrer_role": "Referrer's role",
            "referrer_organisation": "Referrer's organisation or GP practice",
            "referrer_email": "Referrer's e-mail address",
        }
        help_texts = {
            "risks": "For example, risk to themselves or others, or lone-working concerns",
            "referrer_email": "We tell the referrer here when we accept or decline the referral",
            "language": "The language they would like us to speak to them in, if it is not "
            "English. For example, Polish or British Sign Language",
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "reason_details": forms.Textarea(attrs={"rows": 4}),
            "risks": forms.Textarea(attrs={"rows": 3}),
            "preferred_contact_method": forms.RadioSelect,
            "urgency": forms.RadioSelect,
            "consent_method": forms.RadioSelect,
            "channel": forms.RadioSelect,
            "email": forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": False}),
            "referrer_email": forms.EmailInput(attrs={"spellcheck": False}),
            "given_name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
            "family_name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
            "language": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
        }
        error_messages = {
            "given_name": {"required": "Enter their first name"},
            "family_name": {"required": "Enter their last name"},
            "source_type": {"required": "Select who referred them"},
            "channel": {"required": "Select how the referral arrived"},
            "referrer_name": {"required": "Enter the referrer's name"},
            "email": {"invalid": "Enter an e-mail address like name@example.com"},
            "referrer_email": {"invalid": "Enter an e-mail address like name@example.com"},
        }

    def __init__(self, *args: Any, keyed_in: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keyed_in = keyed_in
        reasons = cast(forms.ModelMultipleChoiceField, self.fields["reasons"])
        reasons.queryset = selectors.active_reasons()
        for name in ("preferred_contact_method", "consent_method", "channel", "urgency"):
            choice = cast(forms.ChoiceField, self.fields[name])
            choice.choices = _without_blank(choices_of(choice))
        self.fields["preferred_contact_method"].required = False
        self.fields["referrer_name"].required = True
        if keyed_in:
            cast(forms.ChoiceField, self.fields["source_type"]).choices = [
                ("", "Select who referred them"),
                *(c for c in SourceType.choices if c[0] not in OWN_ROUTES),
            ]
            cast(forms.ChoiceField, self.fields["channel"]).choices = [
                c for c in Channel.choices if c[0] != Channel.FORM
            ]
            self.fields["channel"].required = True
        else:
            del self.fields["source_type"]
            del self.fields["channel"]
            del self.fields["received_on"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("consent_given") and not data.get("consent_method"):
            self.add_error("consent_method", "Select how the person gave their consent")
        return data

    def referral_data(self) -> dict[str, Any]:
        """The cleaned values as `services.receive_referral` takes them."""
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"reasons", "consent_given_on", "received_on"}
        }
        if not self.keyed_in:
            data |= {"source_type": SourceType.PRIMARY_CARE, "channel": Channel.FORM}
        consent_on = self.cleaned_data.get("consent_given_on")
        if data.get("consent_given"):
            data["consent_given_at"] = (
                timezone.make_aware(datetime.datetime.combine(consent_on, datetime.time(12)))
                if consent_on
                else timezone.now()
            )
        else:
            data |= {"consent_method": "", "consent_given_at": None}
        return data

    def received_at(self) -> datetime.datetime | None:
        """When a keyed-in referral arrived (midday of the date given), or None for now."""
        received_on = self.cleaned_data.get("received_on")
        if not received_on or received_on == timezone.localdate():
            return None
        return timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12)))

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (title, bound)
            for title, names in REFERRAL_SECTIONS
            if (bound := [self[name] for name in names if name in self.fields])
        ]


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )


class RequestInfoForm(forms.Form):
    note = forms.CharField(
        label="What do you need to know?",
        help_text="This is kept with the referral; ask the referrer by phone or e-mail",
        max_length=2000,
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": "Enter what you need to know from the referrer"},
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you declining this referral?",
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are declining this referral"},
    )
    signposting_note = forms.CharField(
        label="Signposting note",
        help_text="Where you have suggested the person goes instead. Required for Other",
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("reason") == DeclineReason.OTHER and not data.get("signposting_note"):
            self.add_error("signposting_note", "Enter why you are declining and any signposting")
        return data


class LinkWorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: selectors.LinkWorkerWithCaseload) -> str:
        plural = "" if obj.caseload == 1 else "s"
        return f"{obj} – {obj.caseload} open referral{plural}"


class AllocateForm(forms.Form):
    link_worker = LinkWorkerChoiceField(
        queryset=User.objects.none(),
        label="Who will work with this person?",
        help_text="Each link worker is shown with their current caseload",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select a link worker"},
    )
    note = NoteForm.base_fields["note"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        link_worker = cast(LinkWorkerChoiceField, self.fields["link_worker"])
        link_worker.queryset = selectors.link_workers_with_caseload(organisation)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name}, born {obj.date_of_birth:%-d %B %Y}" + (
            f", {obj.postcode}" if obj.postcode else ""
        )


class AttachForm(forms.Form):
    person = PersonChoiceField(
        queryset=None,
        label="Which record is this person's?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the person's record",
            "invalid_choice": "Select one of the records listed",
        },
    )

    def __init__(self, *args: Any, candidates: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from navigator.people.selectors import active_people

        cast(PersonChoiceField, self.fields["person"]).queryset = active_people().filter(
            pk__in=[person.pk for person in candidates]
        )


class ReasonForm(VersionedForm):
    class Meta:
        model = ReferralReason
        fields = ["name", "active"]
        labels = {"name": "Reason", "active": "Offer this reason on the referral form"}
        error_messages = {"name": {"required": "Enter the reason"}}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        if not self.instance.pk:
            del self.fields["active"]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        taken = ReferralReason.objects.filter(organisation=self.organisation, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Your list already has this reason")
        return name


class EmailTemplateForm(VersionedForm):
    class Meta:
        model = ReferralEmailTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "subject": {"required": "Enter the subject"},
            "body": {"required": "Enter the message"},
        }

    def _check(self, name: str) -> str:
        text = self.cleaned_data[name]
        unknown = services.unknown_placeholders(text)
        if unknown:
            names = ", ".join("{" + each + "}" for each in unknown)
            raise forms.ValidationError(
                f"{names} is not a placeholder Navigator fills in. Use only those listed"
            )
        return text

    def clean_subject(self) -> str:
        return self._check("subject")

    def clean_body(self) -> str:
        return self._check("body")


class OnwardReferralForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Which service are you referring them to?",
        empty_label="Select a service",
        error_messages={"required": "Select the service you are referring them to"},
    )
    share = forms.MultipleChoiceField(
        choices=list(services.SHAREABLE.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What to share besides their name and date of birth",
        help_text="Share only what the person agreed to",
    )
    reason_details = forms.CharField(
        label="Why are you referring them?",
        max_length=4000,
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": "Enter why you are referring them"},
    )
    risks = forms.CharField(
        label="Risks and safeguarding concerns (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea({"rows": 3}),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = selectors.onward_destinations(organisation)
