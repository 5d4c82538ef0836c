"""Validation and normalisation of the identifiers Navigator stores (see docs/domain.md §4)."""

import re

import phonenumbers
from django.core.exceptions import ValidationError

NHS_NUMBER_WEIGHTS = range(10, 1, -1)
POSTCODE_PATTERN = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]"
    r"([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def nhs_number_check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit for nine digits, or None when no valid number can end them."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, NHS_NUMBER_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def normalise_nhs_number(value: str) -> str:
    """The ten digits of a valid NHS number; ValidationError says what is wrong otherwise."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not re.fullmatch(r"[0-9]{10}", digits):  # not isdigit(): it accepts "²"
        raise ValidationError(
            "NHS number must be 10 digits, like 943 476 5919", code="nhs_number_format"
        )
    if nhs_number_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            "This is not a valid NHS number. Check the digits and try again",
            code="nhs_number_check_digit",
        )
    return digits


def normalise_postcode(value: str) -> str:
    """Return a UK postcode in upper case with one space before the inward code."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    if not POSTCODE_PATTERN.match(compact):
        raise ValidationError("Enter a real UK postcode, like LS1 4AP", code="postcode")
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_district(postcode: str) -> str:
    """The outward code of a normalised postcode (LS1 4AP -> LS1)."""
    return postcode.split(" ")[0] if postcode else ""


# Ofcom keeps 07700 900000 to 900999 for TV and radio drama: no phone has these numbers.
DRAMA_MOBILES = "7700900"
UK_DIGITS = 10  # after the leading 0: 0113 496 0000, 07912 345678


def _why_not_a_phone_number(number: phonenumbers.PhoneNumber) -> str:
    """Why a number that parses is still refused, in words that say what to check."""
    digits = str(number.national_number)
    if number.country_code == 44 and digits.startswith(DRAMA_MOBILES):
        return (
            "This is a made-up number: 07700 900000 to 900999 are kept by Ofcom for TV and "
            "radio drama, and no phone has them. Enter the person's own number"
        )
    if number.country_code == 44 and len(digits) < UK_DIGITS:
        return "This phone number has too few digits. Check you typed all of it"
    if number.country_code == 44 and len(digits) > UK_DIGITS:
        return "This phone number has too many digits. Check you typed it only once"
    return "No phone has this number (it is not in a range in use). Check it with the person"


def normalise_phone_number(value: str, region: str = "GB") -> str:
    """A valid phone number in international format (+44…); UK unless a prefix says otherwise."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            "Enter a phone number, like 0113 496 0000 or 07912 345 678", code="phone_format"
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_why_not_a_phone_number(number), code="phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone_number(value: str) -> str:
    """Show a stored E.164 number in national format when it is a UK number."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return value  # not a number: what someone typed, shown back for them to correct
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
