"""Exports that are safe to open in a spreadsheet.

Names, statements and comments in our exports are typed by the public. A cell that
starts with `=`, `+`, `-` or `@` (or a tab or carriage return that can smuggle one
in) is run as a formula by Excel, LibreOffice and Google Sheets when it arrives
as CSV text; an apostrophe in front makes it plain text again. Every CSV export
goes through `defuse_formula`.

XLSX keeps a cell's type beside its value, so there the visitor's text is kept as
it is, in a cell typed as text (never a formula, whatever openpyxl would guess from
a leading `=`) and marked "quote prefix", the mark Excel itself sets when someone
types an apostrophe, so editing the cell later keeps it text. XML cannot hold most
control characters; openpyxl refuses them, which would fail the whole export, so
each one becomes U+FFFD. Every admin export in both formats goes through
`FormulaSafeExportMixin`.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT_CHARACTER = "\ufffd"


def defuse_formula(value: Any) -> Any:
    """The value, with an apostrophe before it if a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def xlsx_text(value: Any) -> Any:
    """The value with the characters an XLSX file cannot hold replaced by U+FFFD."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT_CHARACTER, value)
    return value


def xlsx_cell_as_text(cell) -> None:
    """Make an openpyxl cell holding a string that looks like a formula hold it as text."""
    if isinstance(cell.value, str) and (
        cell.data_type == "f" or cell.value.startswith(FORMULA_TRIGGERS)
    ):
        cell.data_type = "s"
        cell.quotePrefix = True


class FormulaSafeExportMixin:
    """For a Wagtail index view with `list_export`: no cell runs as a formula, in CSV or XLSX."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return defuse_formula(value)
        if export_format == self.FORMAT_XLSX:
            return xlsx_text(value)
        return value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            xlsx_cell_as_text(cell)
            yield cell
