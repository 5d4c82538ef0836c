"""Files people open in spreadsheets. Every cell Navigator writes, CSV or XLSX, goes through
this module, so text a spreadsheet would run as a formula (a name or comment typed as
"=HYPERLINK(…)") is never run.

In CSV such text is made inert with a leading apostrophe, which spreadsheets hide, as OWASP
advises. In XLSX a cell says what it holds, so the text is written as text (and marked with
Excel's hidden "quote prefix", so that editing the cell keeps it text)."""

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Rows = Iterable[Iterable[object]]


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


def csv_bytes(rows: Rows) -> bytes:
    """`rows` as a UTF-8 CSV file, every cell inert."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([inert(cell) for cell in row])
    # A byte-order mark so that spreadsheets open the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode()


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    if cell.data_type == "f":
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_bytes(sheets: Iterable[tuple[str, Rows]]) -> bytes:
    """A workbook of (sheet name, rows), every text cell written as text, never a formula."""
    workbook = Workbook(write_only=True)
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
