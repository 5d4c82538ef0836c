import pytest
from django.core.exceptions import ValidationError

from navigator.core.validators import (
    format_phone_number,
    nhs_number_check_digit,
    normalise_nhs_number,
    normalise_phone_number,
    normalise_postcode,
    postcode_district,
)

NOT_VALID = "This is not a valid NHS number. Check the digits and try again"
TEN_DIGITS = "NHS number must be 10 digits, like 943 476 5919"


@pytest.mark.parametrize("typed", ["9434765919", "943 476 5919", "943-476-5919", " 9434765919 "])
def test_valid_nhs_number_is_kept_as_ten_digits(typed):
    assert normalise_nhs_number(typed) == "9434765919"


def test_check_digit_is_modulus_11():
    assert nhs_number_check_digit("943476591") == 9


def test_remainder_of_eleven_gives_check_digit_zero():
    assert nhs_number_check_digit("100000006") == 0
    assert normalise_nhs_number("1000000060") == "1000000060"


def test_wrong_check_digit_is_refused():
    with pytest.raises(ValidationError) as error:
        normalise_nhs_number("9434765918")
    assert error.value.messages == [NOT_VALID]
    assert error.value.code == "nhs_number_check_digit"


def test_nine_digits_that_need_check_digit_ten_are_never_valid():
    assert nhs_number_check_digit("100000001") is None
    for last in "0123456789":
        with pytest.raises(ValidationError, match="not a valid NHS number"):
            normalise_nhs_number(f"100000001{last}")


@pytest.mark.parametrize("typed", ["943476591", "94347659190", "", "94347A5919", "NHS1234567"])
def test_wrong_length_or_letters_are_refused(typed):
    with pytest.raises(ValidationError) as error:
        normalise_nhs_number(typed)
    assert error.value.messages == [TEN_DIGITS]
    assert error.value.code == "nhs_number_format"


@pytest.mark.parametrize("typed", ["943476591²", "９４３４７６５９１９"])
def test_digits_other_than_0_to_9_are_refused_not_crashing(typed):
    with pytest.raises(ValidationError) as error:
        normalise_nhs_number(typed)
    assert error.value.messages == [TEN_DIGITS]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        (" ls1 4ap ", "LS1 4AP"),
        ("LS1 4AP", "LS1 4AP"),
        ("m1  1ae", "M1 1AE"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_postcodes_are_upper_case_with_one_space(typed, stored):
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize("typed", ["LS1", "12345", "ZZ1 1ZZ", "QA1 1AA", "LS1 4AP X", ""])
def test_invalid_postcodes_are_refused(typed):
    with pytest.raises(ValidationError) as error:
        normalise_postcode(typed)
    assert error.value.messages == ["Enter a real UK postcode, like LS1 4AP"]


def test_postcode_district_is_the_outward_code():
    assert postcode_district("LS1 4AP") == "LS1"
    assert postcode_district("") == ""


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0113 496 0000", "+441134960000"),
        ("07912 345678", "+447912345678"),
        ("+44 7912 345 678", "+447912345678"),
        ("(0113) 496-0123", "+441134960123"),
        ("+33 1 42 68 53 00", "+33142685300"),
    ],
)
def test_phone_numbers_are_stored_in_e164_with_uk_as_default(typed, stored):
    assert normalise_phone_number(typed) == stored


@pytest.mark.parametrize("typed", ["0113 496", "07912 345 6789 0", "01632 960000"])
def test_phone_numbers_with_wrong_digits_are_refused(typed):
    with pytest.raises(ValidationError) as error:
        normalise_phone_number(typed)
    assert error.value.code == "phone_invalid"


def test_drama_mobile_numbers_are_not_valid_per_phonenumbers():
    # Ofcom's 07700 900xxx range is for drama; phonenumbers does not treat it as valid.
    with pytest.raises(ValidationError):
        normalise_phone_number("07700 900123")


def test_text_that_is_not_a_phone_number_is_refused():
    with pytest.raises(ValidationError) as error:
        normalise_phone_number("call me")
    assert error.value.code == "phone_format"


def test_stored_numbers_are_shown_nationally_when_uk():
    assert format_phone_number("+441134960000") == "0113 496 0000"
    assert format_phone_number("+33142685300") == "+33 1 42 68 53 00"
    assert format_phone_number("") == ""


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("07700 900123", "are kept by Ofcom for TV and radio drama"),
        ("0113 496", "too few digits"),
        ("07912 345 6789 0", "too many digits"),
    ],
)
def test_a_refused_phone_number_says_why(signed_in, link_worker, typed, says):
    from django.urls import reverse

    from navigator.people.tests.helpers import new_person_data

    response = signed_in(link_worker).post(reverse("people:create"), new_person_data(phone=typed))

    assert says in response.text
    assert "Check it has the right number of digits" not in response.text
