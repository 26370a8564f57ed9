"""Reading a list of organisations: a CSV file with a `name` column, or one name a line.

Reading only parses: it never touches the database. What it finds malformed in a row
(a quote left open, more cells than columns) is kept as the row's `problem`, so the
import can skip that row with the reason.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO

OPTIONAL_COLUMNS = (
    "website",
    "country",
    "category",
    "statement",
    "contact_name",
    "contact_email",
    "contact_role",
)

_DELIMITERS = (",", ";", "\t")
_QUOTE_PAIRS = (('"', '"'), ("“", "”"), ("„", "“"), ("«", "»"))


class ImportFileError(Exception):
    """The file cannot be read as a list of organisations (missing, not UTF-8, unknown columns)."""


@dataclass(frozen=True)
class ImportRow:
    """One organisation as the file gives it.

    `line` is where the row starts in the file (1 = first line); `problem` is
    set when reading found the row malformed, and the import skips it with that reason.
    """

    line: int
    name: str
    website: str = ""
    country: str = ""
    category: str = ""
    statement: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_role: str = ""
    problem: str = ""

    @property
    def label(self) -> str:
        """How the report names the row: its name's first line, or its line number."""
        if not self.name:
            return f"(line {self.line}, no name)"
        first, *rest = self.name.splitlines()
        return f"{first.strip()} …" if rest else self.name


def read_rows(source: str | Path | IO[str] | IO[bytes]) -> list[ImportRow]:
    """The rows of a CSV file with a `name` column, or of a plain list with one name a line.

    The format is told from the first line that is not blank: a header with a
    `name` column (comma, semicolon or tab separated) means CSV. In a plain
    list, blank lines and lines starting with '#' are left out. UTF-8 with or
    without a byte-order mark, and Windows line endings, are read alike.
    """
    text = _read_text(source)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = _csv_delimiter(first)
    if delimiter is None:
        return _plain_rows(lines)
    return _csv_rows(text, delimiter)


def _read_text(source: str | Path | IO[str] | IO[bytes]) -> str:
    if isinstance(source, str | Path):
        try:
            data: str | bytes = Path(source).read_bytes()
        except FileNotFoundError:
            raise ImportFileError(f"No such file: {source}") from None
        except IsADirectoryError:
            raise ImportFileError(f"{source} is a folder, not a file.") from None
        except OSError as error:
            raise ImportFileError(f"Cannot read {source}: {error.strerror or error}") from None
    else:
        data = source.read()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                f"The file is not UTF-8 text (unreadable byte at position {error.start}). "
                "Save it as UTF-8 (in a spreadsheet: 'CSV UTF-8') and try again."
            ) from None
    return data.removeprefix("\ufeff")


def _header_key(cell: str) -> str:
    return "_".join(cell.strip().removeprefix("\ufeff").casefold().split())


def _csv_delimiter(first_line: str) -> str | None:
    for delimiter in _DELIMITERS:
        header = next(csv.reader([first_line], delimiter=delimiter), [])
        if "name" in {_header_key(cell) for cell in header}:
            return delimiter
    return None


def _clean(value: str | None) -> str:
    """NFC (so 'é' typed two ways is one letter), outer spaces removed."""
    return unicodedata.normalize("NFC", value or "").strip()


def _clean_name(value: str | None) -> str:
    # Line breaks are kept so that validation can reject them (an unclosed quote in CSV).
    name = _clean(value)
    if "\n" in name or "\r" in name:
        return name
    return " ".join(name.split())


def _plain_rows(lines: list[str]) -> list[ImportRow]:
    rows = []
    for number, line in enumerate(lines, start=1):
        name = _clean_name(line)
        if not name or name.startswith("#"):
            continue
        for opening, closing in _QUOTE_PAIRS:
            if len(name) > 2 and name.startswith(opening) and name.endswith(closing):
                name = name[1:-1].strip()
                break
        rows.append(ImportRow(line=number, name=name))
    return rows


def _csv_rows(text: str, delimiter: str) -> list[ImportRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    for cells in reader:
        if any(cell.strip() for cell in cells):
            header = [_header_key(cell) for cell in cells]
            break
    known = {"name", *OPTIONAL_COLUMNS}
    unknown = [column for column in header if column and column not in known]
    if unknown:
        raise ImportFileError(
            f"Unknown column(s) in the header: {', '.join(unknown)}. "
            f"The columns an import reads are: name, {', '.join(OPTIONAL_COLUMNS)}."
        )
    duplicated = sorted({column for column in header if column and header.count(column) > 1})
    if duplicated:
        raise ImportFileError(f"Column(s) given twice in the header: {', '.join(duplicated)}.")

    rows = []
    start = reader.line_num + 1
    for cells in reader:
        line, end = start, reader.line_num
        start = end + 1
        if not any(cell.strip() for cell in cells):
            continue
        values = dict(zip(header, cells, strict=False))
        name = _clean_name(values.get("name"))
        problem = ""
        if "\n" in name or "\r" in name:
            problem = f"the name runs from line {line} to line {end} (a quote left open?)"
        elif any(cell.strip() for cell in cells[len(header) :]):
            problem = "more cells than the header has columns (a comma in an unquoted name?)"
        rows.append(
            ImportRow(
                line=line,
                name=name,
                **{column: _clean(values.get(column)) for column in OPTIONAL_COLUMNS},
                problem=problem,
            )
        )
    return rows
