import datetime

import pytest
from django import forms
from django.utils import timezone

from navigator.core.forms import (
    DateField,
    NHSNumberField,
    PhoneNumberField,
    PostcodeField,
    error_list,
    field_params,
)


class DetailsForm(forms.Form):
    date_of_birth = DateField(label="Date of birth", past_only=True)
    appointment = DateField(label="Appointment", required=False)
    nhs_number = NHSNumberField(label="NHS number", required=False)
    postcode = PostcodeField(required=False)
    phone = PhoneNumberField(required=False)
    method = forms.ChoiceField(
        choices=[("phone", "Phone"), ("letter", "Letter")], widget=forms.RadioSelect
    )


def date_data(day="", month="", year="", **other):
    return {
        "date_of_birth_day": day,
        "date_of_birth_month": month,
        "date_of_birth_year": year,
        "method": "phone",
        **other,
    }


def errors_for(data, name="date_of_birth"):
    form = DetailsForm(data)
    form.is_valid()
    return form.errors.get(name)


def test_three_boxes_make_a_date():
    form = DetailsForm(date_data("27", "3", "1958"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == datetime.date(1958, 3, 27)
    assert form.cleaned_data["appointment"] is None


def test_missing_day_is_named():
    assert errors_for(date_data("", "3", "1958")) == ["Date must include a day"]


def test_missing_day_and_month_are_named():
    assert errors_for(date_data("", "", "1958")) == ["Date must include a day and a month"]


def test_missing_year_is_named():
    assert errors_for(date_data("27", "3", "")) == ["Date must include a year"]


def test_empty_required_date_is_required():
    assert errors_for(date_data()) == ["Enter date of birth"]


def test_impossible_date_is_refused():
    assert errors_for(date_data("31", "2", "2000")) == ["Date must be a real date"]
    assert errors_for(date_data("1", "13", "2000")) == ["Date must be a real date"]


@pytest.mark.parametrize("year", ["58", "195", "19580"])
def test_year_must_have_four_digits(year):
    assert errors_for(date_data("27", "3", year)) == [
        "Date must be a real date, with a 4-digit year, like 27 3 1958"
    ]


@pytest.mark.parametrize(("day", "month"), [("x", "3"), ("27", "March"), ("²", "3")])
def test_parts_must_be_numbers(day, month):
    assert errors_for(date_data(day, month, "1958")) == [
        "Date must be a real date, with a 4-digit year, like 27 3 1958"
    ]


def test_years_before_1900_are_refused():
    assert errors_for(date_data("1", "1", "1899")) == ["Date must be after 1900"]


def test_future_date_refused_when_past_only():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = date_data(str(tomorrow.day), str(tomorrow.month), str(tomorrow.year))
    assert errors_for(data) == ["Date must be today or in the past"]


def test_today_is_allowed_when_past_only():
    today = timezone.localdate()
    form = DetailsForm(date_data(str(today.day), str(today.month), str(today.year)))
    assert form.is_valid(), form.errors


def test_future_date_allowed_without_past_only():
    data = date_data(
        "27",
        "3",
        "1958",
        appointment_day="1",
        appointment_month="1",
        appointment_year=str(timezone.localdate().year + 1),
    )
    form = DetailsForm(data)
    assert form.is_valid(), form.errors


def test_identifiers_are_normalised_by_their_fields():
    form = DetailsForm(
        date_data(
            "27", "3", "1958", nhs_number="943 476 5919", postcode="ls1 4ap", phone="0113 496 0000"
        )
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["nhs_number"] == "9434765919"
    assert form.cleaned_data["postcode"] == "LS1 4AP"
    assert form.cleaned_data["phone"] == "+441134960000"


def test_date_field_params_keep_what_was_typed():
    form = DetailsForm(date_data("31", "2", "2000"))
    form.is_valid()
    params = field_params(form["date_of_birth"])
    assert params["kind"] == "date"
    assert [item["value"] for item in params["items"]] == ["31", "2", "2000"]
    assert [item["id"] for item in params["items"]] == [
        "id_date_of_birth_day",
        "id_date_of_birth_month",
        "id_date_of_birth_year",
    ]
    assert params["errorMessage"] == {"text": "Date must be a real date"}


def test_date_field_params_show_a_saved_date():
    form = DetailsForm(initial={"date_of_birth": datetime.date(1958, 3, 27)})
    values = [item["value"] for item in field_params(form["date_of_birth"])["items"]]
    assert values == [27, 3, 1958]


def test_phone_field_shows_stored_number_nationally():
    form = DetailsForm(initial={"phone": "+441134960000"})
    assert field_params(form["phone"])["value"] == "0113 496 0000"


def test_error_list_links_each_message_to_its_field():
    form = DetailsForm(date_data("", "3", "1958", nhs_number="123", method=""))
    form.is_valid()
    hrefs = {entry["text"]: entry["href"] for entry in error_list(form)}
    assert hrefs == {
        "Date must include a day": "#id_date_of_birth_day",
        "NHS number must be 10 digits, like 943 476 5919": "#id_nhs_number",
        "Select method": "#id_method",
    }


class PasswordForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput)


def test_a_typed_password_is_never_rendered_back():
    form = PasswordForm({"password": "s3cret-typed"})

    assert field_params(form["password"])["value"] == ""


class WholeFormError(forms.Form):
    name = forms.CharField()

    def clean(self) -> dict:
        raise forms.ValidationError("Something about the whole form")


def test_errors_about_the_whole_form_link_to_its_first_field():
    form = WholeFormError({"name": "Ann"})
    form.is_valid()

    assert error_list(form) == [{"text": "Something about the whole form", "href": "#id_name"}]


class ChoiceForm(forms.Form):
    colour = forms.ChoiceField(choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect)
    agree = forms.BooleanField()


@pytest.mark.parametrize("name", ["colour", "agree"])
def test_option_groups_leave_the_field_id_to_their_first_option(name):
    params = field_params(ChoiceForm()[name])

    assert "id" not in params
    assert params["idPrefix"] == f"id_{name}"
