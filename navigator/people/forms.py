from typing import Any, cast

from django import forms
from django.db.models import Q

from navigator.core.concurrency import VersionedForm
from navigator.core.forms import (
    DateField,
    NHSNumberField,
    PhoneNumberField,
    PostcodeField,
    choices_of,
)
from navigator.people.models import OPEN_PRACTICE_STATUSES, FamilyMember, GPPractice, Person
from navigator.people.practices import secure_email_problem

# The sections of the person form, in the order a link worker fills them in.
PERSON_SECTIONS: list[tuple[str, list[str]]] = [
    (
        "Name and date of birth",
        ["given_name", "family_name", "preferred_name", "pronouns", "date_of_birth", "nhs_number"],
    ),
    (
        "Address and contact",
        [
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "phone",
            "email",
            "preferred_contact_method",
            "preferred_contact_times",
        ],
    ),
    (
        "Communication and GP",
        ["communication_needs", "language", "needs_interpreter", "gp_practice"],
    ),
    (
        "Consent",
        [
            "consent_to_hold",
            "consent_to_share",
            "consent_method",
            "may_contact_for_feedback",
            "feedback_channel",
            "national_data_opt_out",
        ],
    ),
    (
        "Equality monitoring (optional)",
        ["sex", "gender_identity", "ethnicity", "religion", "sexual_orientation", "disability"],
    ),
]


class PersonDetailsFields(forms.Form):
    """The fields that identify a person and how to reach them, asked the same way by every
    form that records someone (a person's record, a referral)."""

    date_of_birth = DateField(
        label="Date of birth",
        past_only=True,
        help_text="For example, 27 3 1958",
        error_messages={"required": "Enter their date of birth"},
    )
    nhs_number = NHSNumberField(
        label="NHS number (optional)",
        required=False,
        help_text="10 digits, for example 943 476 5919",
    )
    postcode = PostcodeField(required=False)
    phone = PhoneNumberField(label="Phone number", required=False)
    gp_practice = forms.ModelChoiceField(
        queryset=GPPractice.objects.all(),
        required=False,
        label="GP practice",
        empty_label="Not known",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A closed practice is not offered, but a record already registered with one keeps it.
        offered = Q(status__in=OPEN_PRACTICE_STATUSES)
        chosen = getattr(getattr(self, "instance", None), "gp_practice_id", None)
        if chosen:
            offered |= Q(pk=chosen)
        practice = cast(forms.ModelChoiceField, self.fields["gp_practice"])
        practice.queryset = GPPractice.objects.filter(offered)


class CorrectionForm(VersionedForm):
    """An edit of an existing record may say why it was corrected (the right to
    rectification): the reason is kept with the change in the record's history."""

    correction_reason = forms.CharField(
        label="Reason for the correction (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, the name was misspelt on the referral. It is kept with the "
        "change in the record's history.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["correction_reason"]

    def reason(self) -> str:
        return self.cleaned_data.get("correction_reason", "")

    def model_changes(self) -> dict:
        changes = super().model_changes()
        changes.pop("correction_reason", None)
        return changes


class PersonForm(PersonDetailsFields, CorrectionForm):
    confirm_not_duplicate = forms.BooleanField(
        required=False, label="I have checked: none of these is the same person"
    )

    class Meta:
        model = Person
        fields = [name for _, names in PERSON_SECTIONS for name in names]
        widgets = {
            "communication_needs": forms.Textarea(attrs={"rows": 3}),
            "preferred_contact_method": forms.RadioSelect,
            "feedback_channel": forms.RadioSelect,
            "consent_method": forms.RadioSelect,
            "sex": forms.RadioSelect,
            "disability": forms.RadioSelect,
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": False}),
            "given_name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
            "family_name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
        }
        error_messages = {
            "given_name": {"required": "Enter their first name"},
            "family_name": {"required": "Enter their last name"},
            "email": {"invalid": "Enter an e-mail address like name@example.com"},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)

        def choice(name: str) -> forms.ChoiceField:
            return cast(forms.ChoiceField, self.fields[name])

        for name in ("preferred_contact_method", "consent_method", "sex", "disability"):
            choice(name).choices = [c for c in choices_of(choice(name)) if c[0]]
        # Its blank choice is a real one ("the way they prefer to be contacted").
        choice("feedback_channel").choices = choices_of(choice("feedback_channel"))
        choice("ethnicity").choices = [("", "Not recorded"), *choices_of(choice("ethnicity"))[1:]]

    def clean_nhs_number(self) -> str:
        number = self.cleaned_data["nhs_number"]
        # A new record with a known number goes through the duplicate check instead, which
        # shows the match; an edit must not give this person someone else's number.
        if number and self.instance.pk:
            holders = Person.objects.filter(nhs_number=number, merged_into__isnull=True)
            if holders.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(
                    "Another record already has this NHS number. If it is the same person, "
                    "merge the two records"
                )
        return number

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        gave_consent = data.get("consent_to_hold") or data.get("consent_to_share")
        if gave_consent and not data.get("consent_method"):
            self.add_error("consent_method", "Select how the person gave their consent")
        return data

    def model_changes(self) -> dict:
        changes = super().model_changes()
        changes.pop("confirm_not_duplicate", None)
        return changes

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in PERSON_SECTIONS]


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name, NHS number, postcode or referral reference",
        required=False,
        max_length=100,
    )


class FamilyMemberForm(CorrectionForm):
    phone = PhoneNumberField(label="Phone number", required=False)

    class Meta:
        model = FamilyMember
        fields = ["name", "relationship", "is_carer", "phone", "email", "takes_part_in_planning"]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "off"})}
        error_messages = {
            "name": {"required": "Enter their name"},
            "relationship": {"required": "Enter how they are related, for example Daughter"},
            "email": {"invalid": "Enter an e-mail address like name@example.com"},
        }


class FlagDuplicateForm(forms.Form):
    details = forms.CharField(
        label="Why you think they may be the same person",
        help_text="A service manager compares the two records and merges them if they are.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why you think they may be the same person"},
    )


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, I am sure", error_messages={"required": "Tick the box to confirm"}
    )


class PracticeSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by practice name, ODS code or postcode", required=False, max_length=100
    )


class PracticeEmailForm(forms.Form):
    email = forms.CharField(
        label="Generic e-mail address",
        required=False,
        max_length=254,
        help_text=(
            "The practice's shared secure inbox (NHSmail), where the message back to the GP "
            "is sent. Leave it empty if you do not know it"
        ),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email and (problem := secure_email_problem(email)):
            raise forms.ValidationError(problem)
        return email
