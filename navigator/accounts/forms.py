from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Role
from navigator.accounts.tasks import send_email
from navigator.core.forms import PhoneNumberField


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your service manager.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": False}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class QueuedPasswordResetForm(PasswordResetForm):
    """Password reset and account invitation e-mails go out through the task queue."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict,
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.enqueue(subject=subject, body=body, to=[to_email])


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "width": 4}
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("The security code is 6 digits")
        return token


class UserForm(forms.ModelForm):
    phone = PhoneNumberField(label="Phone number", required=False)

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "username",
            "email",
            "job_title",
            "phone",
            "role",
            "is_active",
        ]
        widgets = {"role": forms.RadioSelect}
        labels = {"is_active": "Account is active"}

    def __init__(self, *args: Any, acting_user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        roles = list(Role.choices)
        if acting_user.role != Role.ADMINISTRATOR:
            roles = [choice for choice in roles if choice[0] != Role.ADMINISTRATOR]
        self.fields["role"].choices = roles

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("Another account already uses this e-mail address")
        return email


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "ods_code", "require_two_factor"]


class UserOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), empty_label="Choose an organisation"
    )
