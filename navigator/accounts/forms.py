from collections.abc import Iterator
from typing import Any, cast

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.template import loader

from navigator.accounts.models import Organisation, Team, User, team_mismatch
from navigator.accounts.permissions import Permission, Role
from navigator.accounts.selectors import teams_of, teams_visible_to
from navigator.accounts.tasks import send_email
from navigator.core.addresses import absolute_reverse
from navigator.core.concurrency import VersionedForm
from navigator.core.forms import PhoneNumberField


class SecretBoundField(forms.BoundField):
    """A password field never sends back what was typed: the NHS.UK macros render
    `value()`, which would otherwise put the password into the page."""

    def value(self) -> Any:
        return None


class HidesPasswords:
    """Give every password field of the form a `SecretBoundField`."""

    fields: dict[str, forms.Field]

    def hide_passwords(self) -> None:
        for field in self.fields.values():
            if isinstance(field.widget, forms.PasswordInput) and not field.widget.render_value:
                field.bound_field_class = SecretBoundField


class SignInForm(HidesPasswords, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your service manager.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = cast(forms.CharField, self.fields["username"])
        username.widget.attrs.update({"autocomplete": "username", "spellcheck": False})
        # Django sets only the box's maxlength here, not a validator, so a longer name would
        # reach the sign-in failure log, whose username column it does not fit.
        username.validators.append(MaxLengthValidator(username.max_length))
        username.error_messages["max_length"] = (
            f"Enter a username of {username.max_length} characters or fewer"
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self.hide_passwords()

    def clean(self) -> dict[str, Any]:
        # The message belongs beside the password, so the error summary can link to it.
        try:
            return super().clean()
        except ValidationError as error:
            self.add_error("password", error)
            return self.cleaned_data


NEW_PASSWORD_HINT = (
    "At least 8 characters. Do not use a common password, only numbers, or something like "
    "your name or username."
)


class NewPasswordForm(HidesPasswords, SetPasswordForm):
    """Choosing a password from a reset or invitation link."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = NEW_PASSWORD_HINT
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = "Type the same password again"
        self.hide_passwords()


class ChangePasswordForm(HidesPasswords, PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = NEW_PASSWORD_HINT
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = "Type the same password again"
        self.hide_passwords()


class QueuedPasswordResetForm(PasswordResetForm):
    """Password reset and account invitation e-mails go out through the task queue."""

    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": False}),
    )

    def get_users(self, email: str) -> Iterator[User]:
        """Active accounts with this address, including invited people who have not chosen a
        password yet: their invitation link expires, and this is how they get a new one."""
        for user in User.objects.filter(email__iexact=email, is_active=True):
            if user.email.casefold() == email.casefold():
                yield user

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict,
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # The link starts with NAVIGATOR_SITE_URL, not the Host of the request that asked.
        context = {
            **context,
            "address": absolute_reverse(
                "accounts:password_reset_confirm", uidb64=context["uid"], token=context["token"]
            ),
        }
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.enqueue(subject=subject, body=body, to=[to_email])


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "width": 4}
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_token(self) -> str:
        # Apps show the code as "123 456"; people type it either way.
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError("The security code is 6 digits, like 123456")
        return token


class UserForm(VersionedForm):
    """A user's details and role. Administrators also choose the organisation (none for
    another administrator); a manager's users always belong to the manager's organisation."""

    phone = PhoneNumberField(label="Phone number", required=False)
    # Declared here, not built from the model: Team's manager is organisation-scoped, and the
    # choices depend on who is editing (set in __init__).
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        required=False,
        empty_label="No team",
        help_text="Their caseload and referrals count for this team in the team view and reports",
    )

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
            "organisation",
            "team",
            "is_active",
        ]
        widgets = {"role": forms.RadioSelect}
        labels = {"email": "E-mail address", "is_active": "Account is active"}
        help_texts = {
            "username": "What they type to sign in: letters, digits and @ . + - _ only",
            "organisation": "Leave empty for an administrator",
            "is_active": "Untick to switch the account off: they can no longer sign in. "
            "Accounts are never deleted.",
        }

    def __init__(self, *args: Any, acting_user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.acting_user = acting_user
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["username"].error_messages["unique"] = (
            "Another account already uses this username"
        )
        roles = list(Role.choices)
        if not acting_user.can(Permission.MANAGE_ALL_ORGANISATIONS):
            roles = [choice for choice in roles if choice[0] != Role.ADMINISTRATOR]
            del self.fields["organisation"]
        else:
            organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
            organisation.empty_label = "Choose an organisation"
        cast(forms.ChoiceField, self.fields["role"]).choices = roles
        self.fields["role"].error_messages["invalid_choice"] = "Choose a role from the list"
        team_field = cast(forms.ModelChoiceField, self.fields["team"])
        teams = teams_visible_to(acting_user)
        team_field.queryset = teams
        team_field.error_messages["invalid_choice"] = "Choose a team from the list"
        if acting_user.can(Permission.MANAGE_ALL_ORGANISATIONS):
            # Every organisation's teams are offered: each says whose it is.
            team_field.label_from_instance = lambda obj: (  # type: ignore[method-assign]
                f"{obj.name} ({obj.organisation.name})"
            )
            team_field.help_text += ". Choose a team of the organisation above."
        elif not teams.exists():
            team_field.help_text = "Your organisation has no teams yet: add them on the Teams page"

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("Another account already uses this e-mail address")
        return email

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if "organisation" in self.fields:
            if cleaned.get("role") == Role.ADMINISTRATOR:
                cleaned["organisation"] = None
            elif "role" in cleaned and not cleaned.get("organisation"):
                self.add_error("organisation", "Choose the organisation this user works for")
        if "organisation" in self.fields:
            organisation = cleaned.get("organisation")
        else:  # a manager's users are always of the manager's organisation
            organisation = self.acting_user.organisation
        if cleaned.get("team") and "organisation" not in self.errors:
            message = team_mismatch(team=cleaned["team"], organisation=organisation)
            if message:
                self.add_error("team", message)
        return cleaned


class TeamForm(forms.Form):
    """A team's name; an administrator adding a team also says whose it is."""

    name = forms.CharField(
        label="Team name",
        max_length=100,
        help_text="For example, North or Chapeltown and Harehills",
        error_messages={"required": "Enter the team's name"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.all(),
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose the organisation this team belongs to",
            "invalid_choice": "Choose an organisation from the list",
        },
    )
    # The version of the team the form was built from (core/concurrency.py).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, data: Any = None, *, acting_user: User, team: Team | None = None, **kwargs: Any
    ) -> None:
        initial = {"name": team.name, "version": team.version} if team else None
        super().__init__(data, initial=initial, **kwargs)
        self.team = team
        if team is not None or not acting_user.can(Permission.MANAGE_ALL_ORGANISATIONS):
            # A team stays in its organisation; a manager's teams are their organisation's.
            del self.fields["organisation"]
        self.organisation_id = team.organisation_id if team else acting_user.organisation_id

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        name = " ".join(cleaned.get("name", "").split())
        organisation = cleaned.get("organisation")
        organisation_id = organisation.pk if organisation else self.organisation_id
        if name:
            cleaned["name"] = name
            same = teams_of(organisation_id).filter(name__iexact=name)
            if self.team is not None:
                same = same.exclude(pk=self.team.pk)
            if same.exists():
                self.add_error("name", "Another team of the organisation already has this name")
        return cleaned


class TeamFilterForm(forms.Form):
    """Choosing one of an organisation's teams to narrow a page to (the team caseload view)."""

    team = forms.TypedChoiceField(
        label="Team", required=False, coerce=int, empty_value=None, choices=[]
    )

    def __init__(self, data: Any, *, organisation_id: int | None) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["team"]).choices = [
            ("", "All teams"),
            *teams_of(organisation_id).values_list("pk", "name"),
        ]
        self.fields["team"].error_messages["invalid_choice"] = "Choose a team from the list"

    def chosen_team(self) -> int | None:
        """The chosen team's id; None for all teams, or when the choice is not valid."""
        return self.cleaned_data.get("team") if self.is_valid() else None


class OrganisationForm(VersionedForm):
    """Administrators set everything; a manager changes only their organisation's security."""

    class Meta:
        model = Organisation
        fields = ["name", "ods_code", "require_two_factor", "funds"]
        widgets = {"funds": forms.CheckboxSelectMultiple}
        help_texts = {
            "ods_code": "The organisation's code in the NHS Organisation Data Service",
            "funds": "Its commissioners see aggregate reports, with small numbers hidden, "
            "of the services ticked here",
        }

    def __init__(self, *args: Any, acting_user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["unique"] = "Another organisation already has this name"
        if not acting_user.can(Permission.MANAGE_ALL_ORGANISATIONS):
            del self.fields["name"]
            del self.fields["ods_code"]
            del self.fields["funds"]
        else:
            others = Organisation.objects.exclude(pk=self.instance.pk)
            cast(forms.ModelMultipleChoiceField, self.fields["funds"]).queryset = others
