"""The public self-referral form: plain English, every field limited in size."""

from typing import Any, cast

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from navigator.accounts.models import Organisation
from navigator.core.forms import DateField, PhoneNumberField, PostcodeField
from navigator.people.models import ConsentMethod, ContactMethod
from navigator.referrals.models import DEFAULT_REASONS, SourceType
from navigator.referrals.public_selectors import served_gp_practices

# The checklist of what people often want help with. The service they are routed to is not
# known until the form is sent, so this is the default list every service starts with.
HELP_CHOICES = [(name, name) for name in DEFAULT_REASONS]
CONTACT_CHOICES = [
    (ContactMethod.PHONE, "Phone call"),
    (ContactMethod.TEXT, "Text message"),
    (ContactMethod.EMAIL, "E-mail"),
]
TEXT_LIMIT = 2000
HONEYPOT = "website"  # a field only robots fill in


class SelfReferralForm(forms.Form):
    given_name = forms.CharField(
        label="First name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": False}),
        error_messages={"required": "Enter your first name"},
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": False}),
        error_messages={"required": "Enter your last name"},
    )
    date_of_birth = DateField(
        label="Date of birth",
        past_only=True,
        help_text="For example, 27 3 1958",
        error_messages={"required": "Enter your date of birth"},
    )
    postcode = PostcodeField(
        label="Postcode",
        help_text="The postcode where you live, for example LS6 2AB",
        error_messages={"required": "Enter your postcode"},
    )
    phone = PhoneNumberField(label="Phone number (optional)", required=False)
    email = forms.EmailField(
        label="E-mail address (optional)",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": False}),
        error_messages={"invalid": "Enter an e-mail address like name@example.com"},
    )
    preferred_contact_method = forms.ChoiceField(
        label="How would you like us to contact you? (optional)",
        choices=CONTACT_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a way to contact you from the list"},
    )
    preferred_contact_times = forms.CharField(
        label="When is a good time to contact you? (optional)",
        help_text="For example, weekday mornings",
        max_length=200,
        required=False,
    )
    language = forms.CharField(
        label="Your main language (optional)",
        help_text="The language you would like us to speak to you in, if it is not English. "
        "For example, Polish or British Sign Language",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "language", "spellcheck": False}),
    )
    gp_practice = forms.ModelChoiceField(
        queryset=served_gp_practices(),
        label="Your GP practice",
        help_text="This helps us send your request to the right service",
        required=False,
        empty_label="I do not know, or it is not listed",
        error_messages={"invalid_choice": "Choose your GP practice from the list"},
    )
    reasons = forms.MultipleChoiceField(
        label="What would you like help with?",
        help_text="Tick all that apply",
        choices=HELP_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the list"},
    )
    reason_details = forms.CharField(
        label="Tell us more about what you would like help with (optional)",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    risks = forms.CharField(
        label="Is anything worrying you about your safety, or someone else's? (optional)",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label="I agree to a social prescribing service keeping what I have told them here "
        "and contacting me about it",
        error_messages={"required": "Tick the box to agree to us contacting you"},
    )
    website = forms.CharField(label="Leave this empty", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A fresh query each time: practices and catchments change while Navigator runs.
        cast(forms.ModelChoiceField, self.fields["gp_practice"]).queryset = served_gp_practices()
        for part in cast(DateField, self.fields["date_of_birth"]).fields:
            cast(forms.CharField, part).max_length = 4  # DateField's parts are CharFields
            part.validators.append(MaxLengthValidator(4))
            part.error_messages["max_length"] = "Date must be a real date, like 27 3 1958"
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = (
                    f"This must be {field.max_length} characters or fewer"
                )

    @property
    def is_robot(self) -> bool:
        """True when the hidden field that people never see was filled in."""
        return bool(self.data.get(HONEYPOT))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        phone, email = data.get("phone"), data.get("email")
        if "phone" not in self.errors and "email" not in self.errors and not (phone or email):
            self.add_error(
                "phone", "Enter a phone number or an e-mail address, so that we can contact you"
            )
        method = data.get("preferred_contact_method")
        if method == ContactMethod.EMAIL and not email and "email" not in self.errors:
            self.add_error("email", "Enter your e-mail address, or choose another way to contact")
        wants_phone = method in (ContactMethod.PHONE, ContactMethod.TEXT)
        if wants_phone and not phone and "phone" not in self.errors:
            self.add_error("phone", "Enter your phone number, or choose another way to contact")
        told_us = data.get("reasons") or data.get("reason_details")
        if not told_us and "reasons" not in self.errors and "reason_details" not in self.errors:
            self.add_error("reasons", "Tick what you would like help with, or tell us about it")
        return data

    def offer_services(self, services: list[Organisation]) -> Organisation | None:
        """More than one service covers the person's area: ask which one, first on the page.
        Returns the service they chose, if they chose one of these."""
        field = forms.ChoiceField(
            label="Which service would you like to contact?",
            help_text="More than one service covers where you live",
            choices=[(str(service.pk), service.name) for service in services],
            widget=forms.RadioSelect,
        )
        self.fields = {"service": field, **self.fields}
        chosen = self.data.get("service", "")
        by_id = {str(service.pk): service for service in services}
        if chosen in by_id:
            return by_id[chosen]
        self.add_error(
            "service", "More than one service covers where you live. Choose one to contact"
        )
        return None

    def referral_data(self) -> dict[str, Any]:
        """The fields of a Referral, as this form gives them."""
        data = self.cleaned_data
        return {
            "given_name": data["given_name"],
            "family_name": data["family_name"],
            "date_of_birth": data["date_of_birth"],
            "postcode": data["postcode"],
            "phone": data["phone"],
            "email": data["email"],
            "gp_practice": data["gp_practice"],
            "preferred_contact_method": data["preferred_contact_method"],
            "preferred_contact_times": data["preferred_contact_times"],
            "language": data["language"],
            "source_type": SourceType.SELF,
            "reason_details": data["reason_details"],
            "risks": data["risks"],
            "consent_given": True,
            "consent_method": ConsentMethod.ELECTRONIC,
            "consent_given_at": timezone.now(),
            "consent_recorded_by": "The person, on the self-referral form",
        }
