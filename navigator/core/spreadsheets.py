"""CSV files people open in spreadsheets: text that a spreadsheet would run as a formula
(a name typed as "=HYPERLINK(…)") is made inert with a leading apostrophe, which spreadsheets
hide, as OWASP advises for CSV files."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """`value` as it is safe to write into a CSV cell."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The text `inert` was given, read back from a cell."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
