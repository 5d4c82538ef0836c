from typing import Any

from django import forms

from navigator.messaging import wording


class WordingForm(forms.Form):
    """The wording of one type of text message, checked against GOV.UK Notify's limit with a
    link of real length in it."""

    body = forms.CharField(
        label="Wording",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the wording of the text message"},
        help_text="Never put a person's name or anything about their support in a text.",
    )

    # The version of the wording the form was built from (core/concurrency.py).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind

    def clean_body(self) -> str:
        text = " ".join(self.cleaned_data["body"].split())
        unknown = wording.unknown_placeholders(self.kind, text) if self.kind else []
        if unknown:
            names = ", ".join(f"(({name}))" for name in unknown)
            raise forms.ValidationError(
                f"{names} is not a placeholder Navigator fills in for this message. "
                "Use only those listed"
            )
        if self.kind and "link" in wording.PLACEHOLDERS[self.kind] and "((link))" not in text:
            raise forms.ValidationError("Put ((link)) where the link goes: the text needs it")
        length = wording.text_length(wording.sample(self.kind, text, "A" * 40))
        if length.too_long:
            raise forms.ValidationError(
                f"The text would be {length.characters} characters long with a link in it: "
                f"GOV.UK Notify sends at most {wording.MAX_TEXT_LENGTH}. Make it shorter"
            )
        return text


class RemoveWordingForm(forms.Form):
    """Confirming the removal of a wording in another language: the version of the wording the
    page showed, so that a wording changed since is not removed unseen (core/concurrency.py)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LanguageWordingForm(WordingForm):
    """A wording in another language than the organisation's main one, checked as the main
    wording is. `known_languages` (the languages on the organisation's people's records) are
    offered as suggestions; any other may be typed."""

    language = forms.CharField(
        label="Language",
        max_length=100,
        help_text=(
            "As people's records name it, for example Polish. People whose main language it is "
            "get this wording; everyone else gets the main one."
        ),
        error_messages={"required": "Enter the language this wording is in"},
        widget=forms.TextInput(
            attrs={"list": "known-languages", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    field_order = ["language", "body", "version"]

    def clean_language(self) -> str:
        language = " ".join(self.cleaned_data["language"].split())
        if not language:
            raise forms.ValidationError("Enter the language this wording is in")
        return language
