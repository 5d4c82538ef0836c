from typing import Any, cast

from django import forms

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import MATRIX, Permission
from navigator.restrictions.models import Restriction

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _staff_label(obj: Any) -> str:
    return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()})"


class RestrictionForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label="Why it is restricted",
        choices=Restriction.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the record is restricted"},
    )
    named_staff = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label="Staff who may see the record",
        help_text=(
            "Everyone else sees only that the record exists. In an emergency they can break "
            "the glass, giving a reason; you are told at once."
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one member of staff who may see the record"},
    )

    class Meta:
        model = Restriction
        fields = ["kind", "reason", "named_staff", "processing_restricted"]
        widgets = {"reason": TEXTAREA}
        help_texts = {"reason": "Kept with the restriction; managers see it, named staff too"}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Those who could see the record if it were not restricted.
        named_staff = cast(forms.ModelMultipleChoiceField, self.fields["named_staff"])
        named_staff.queryset = User.objects.filter(
            organisation=organisation,
            is_active=True,
            role__in=MATRIX[Permission.VIEW_PEOPLE],
        ).order_by("first_name", "last_name", "username")
        named_staff.label_from_instance = _staff_label  # type: ignore[method-assign]


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to see this record now?",
        help_text=(
            "For example, the person is unwell in front of you and you need their contacts. "
            "Your reason is kept in the audit trail and sent to your service's managers."
        ),
        widget=TEXTAREA,
        max_length=2000,
        error_messages={"required": "Say why you need to see this record now"},
    )


class LiftForm(forms.Form):
    """Lifting needs nothing but the button: the form carries the CSRF token."""


class ReviewForm(forms.Form):
    decision = forms.CharField(
        label="What was decided",
        help_text="For example, that the access was justified, or who was spoken to.",
        widget=TEXTAREA,
        error_messages={"required": "Say what was decided"},
    )
