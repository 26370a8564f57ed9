"""Exports that are safe to open in a spreadsheet.

Names, statements and comments in our exports are typed by the public. A cell that
starts with `=`, `+`, `-` or `@` (or a tab or carriage return that can smuggle one
in) is run as a formula by Excel, LibreOffice and Google Sheets; an apostrophe in
front makes it plain text again. Every CSV export goes through here.
"""

from __future__ import annotations

from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(value: Any) -> Any:
    """The value, with an apostrophe before it if a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """For a Wagtail index view with `list_export`: its CSV cells never run as formulas."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return defuse_formula(value)
        return value
