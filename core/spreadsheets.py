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

The exports are Wagtail's own (`SpreadsheetExportMixin`, which every listing's
IndexView has, and which a view of our own can take too, as the petitions'
signatures export does). CSV is streamed: the mixin reads the rows from the
database `csv_chunk_size` at a time (`QuerySet.iterator`, a server-side cursor on
PostgreSQL) and sends each batch of lines on as it is written, so memory stays
the same for ten rows or a million, in one query (and one more per chunk for each
`prefetch_related`). XLSX cannot be streamed: Wagtail
builds the workbook in memory (openpyxl's write-only mode, then a BytesIO) before
sending it, so it grows with the rows; use CSV for very large exports.

The rows hold personal data; Wagtail's admin views send `Cache-Control: no-store`,
so no browser or proxy keeps a copy.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.views.mixins import Echo

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


# Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark.
BYTE_ORDER_MARK = "\ufeff".encode()


def _rows(queryset: Iterable, chunk_size: int) -> Iterable:
    if isinstance(queryset, QuerySet):
        return queryset.iterator(chunk_size=chunk_size)
    return queryset


class FormulaSafeExportMixin:
    """For a view with Wagtail's `SpreadsheetExportMixin` and `list_export`: no cell runs as
    a formula, in CSV or XLSX, and CSV is streamed in chunks of rows."""

    #: Rows read per round trip and lines sent per chunk of a CSV response: a million
    #: rows take 2,000 round trips, and a chunk stays small.
    csv_chunk_size = 500
    #: Start the CSV with a byte-order mark and say `charset=utf-8`, for files that
    #: editors open in Excel with names in any script.
    csv_for_excel = False

    def stream_csv(self, queryset) -> Iterator[bytes]:
        """Wagtail's CSV lines (its headings and row values, UTF-8), the rows read from
        the database and the lines sent on `csv_chunk_size` at a time."""
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export)
        heading = writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        batch = [BYTE_ORDER_MARK + heading if self.csv_for_excel else heading]
        for item in _rows(queryset, self.csv_chunk_size):
            batch.append(self.write_csv_row(writer, self.to_row_dict(item)))
            if len(batch) >= self.csv_chunk_size:
                yield b"".join(batch)
                batch = []
        if batch:
            yield b"".join(batch)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        if self.csv_for_excel:
            response["Content-Type"] = "text/csv; charset=utf-8"
        return response

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
