from django import forms

from navigator.api.models import Scope


class ApiClientForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="Which system this is, for example Chapel Allerton Surgery's EMIS",
        error_messages={"required": "Enter a name for the client"},
    )
    scopes = forms.MultipleChoiceField(
        label="What it may do",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose only what the system needs",
        error_messages={"required": "Choose at least one thing the client may do"},
    )


class RevokeForm(forms.Form):
    """Revoking needs nothing but the button: the form carries the CSRF token."""
