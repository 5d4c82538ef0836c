from typing import Any, cast

from django import forms

from navigator.feedback.models import FFT_QUESTION, FFTAnswer, Occasion, Respondent

TEXT_LIMIT = 2000


def _comment(label: str, hint: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Keep this to {TEXT_LIMIT} characters or fewer"},
    )


class FeedbackForm(forms.Form):
    """The questions as the person (or their family member or friend) reads them."""

    respondent = forms.ChoiceField(
        label="Who is answering?",
        choices=[
            (Respondent.PERSON, "I am the person who was supported"),
            (Respondent.FAMILY_OR_FRIEND, "I am a family member or friend of the person"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who is answering",
            "invalid_choice": "Select one of the answers given for who is answering",
        },
    )
    fft_answer = forms.ChoiceField(
        label=FFT_QUESTION,
        choices=FFTAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how your experience of our service was",
            "invalid_choice": "Select one of the answers given for how your experience was",
        },
    )
    went_well = _comment("What went well?", "Optional. For example, something that helped you")
    could_be_better = _comment(
        "What could we do better?", "Optional. For example, something that was hard or missing"
    )
    anonymous = forms.BooleanField(
        label="Do not show my name with my answers",
        help_text="Staff who read feedback will see your answers but not who gave them",
        required=False,
    )

    def answers(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.base_fields if name != "occasion"}


class StaffFeedbackForm(FeedbackForm):
    """The same questions, as a member of staff records what they were told (by phone, say)."""

    occasion = forms.ChoiceField(
        label="When was the feedback given?",
        choices=Occasion.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select when the feedback was given",
            "invalid_choice": "Select one of the answers given for when the feedback was given",
        },
    )

    field_order = ["occasion", "respondent", "fft_answer", "went_well", "could_be_better"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["respondent"].label = "Who gave the feedback?"
        cast(forms.ChoiceField, self.fields["respondent"]).choices = Respondent.choices
        self.fields["respondent"].error_messages["required"] = "Select who gave the feedback"
        self.fields["fft_answer"].error_messages["required"] = "Select their answer"
        self.fields["went_well"].help_text = "Optional. In their words where you can"
        self.fields["could_be_better"].help_text = "Optional. In their words where you can"
        self.fields["anonymous"].label = "They asked for their name not to be shown with this"
        self.fields[
            "anonymous"
        ].help_text = "Managers reading feedback will see the answers without the person's name"


class OccasionFilterForm(forms.Form):
    occasion = forms.ChoiceField(
        label="When the feedback was given",
        choices=[("", "Any time"), *Occasion.choices],
        required=False,
    )


class SendLinkForm(forms.Form):
    occasion = forms.ChoiceField(
        label="What is the feedback about?",
        choices=Occasion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the feedback is about"},
    )
