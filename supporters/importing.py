"""Import a list of organisations: a CSV file or a plain list of names.

Lists of supporters arrive from old websites, spreadsheets and emails. The
import reads them (`read_rows`), then adds each organisation through
`organisation_create` so it gets its first history row like any other
(`organisations_import`). An organisation already listed, under any spelling
`names.normalise_name` treats as the same or with the same website domain, is
never listed twice: the import only fills in fields the listing has blank.

A row that cannot be imported as it stands (an invalid website, an unknown
country or category, an overlong name) is skipped with its reason rather than
imported without that field, so that nothing is half-imported; fix the file and
run it again, and what was imported the first time is reported as already listed.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django_countries import countries

from core.page_cache import clear_page_cache

from . import names
from .models import Category, Organisation, OrganisationDecision, Status
from .services import organisation_create, organisation_find_duplicates

NAME_MAX_LENGTH = Organisation._meta.get_field("name").max_length
OPTIONAL_COLUMNS = (
    "website",
    "country",
    "category",
    "statement",
    "contact_name",
    "contact_email",
    "contact_role",
)
# The fields an import may fill in, in the order the report names them.
IMPORTED_FIELDS = OPTIONAL_COLUMNS
IMPORT_STATUSES = (Status.APPROVED, Status.AWAITING_REVIEW)

_DELIMITERS = (",", ";", "\t")
_QUOTE_PAIRS = (('"', '"'), ("“", "”"), ("„", "“"), ("«", "»"))
# Names people write for a country that django-countries does not know by that name.
_COUNTRY_ALIASES = {
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states": "US",
    "america": "US",
    "holland": "NL",
}


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


@dataclass
class ImportReport:
    """What an import did, or with `dry_run` would have done.

    `created` holds names, `updated` (name, fields filled in) and `skipped`
    (name, reason). `str(report)` is the summary a person reads.
    """

    created: list[str] = field(default_factory=list)
    updated: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def counts(self) -> str:
        return (
            f"Created {len(self.created)}, updated {len(self.updated)}, skipped {len(self.skipped)}"
        )

    def __str__(self) -> str:
        lines = []
        if self.dry_run:
            lines.append("Dry run: nothing was written. This is what the import would do:")
        lines.append(f"{self.counts}.")
        if self.updated:
            lines.append("Updated:")
            lines.extend(f"  - {name}: {what}" for name, what in self.updated)
        if self.skipped:
            lines.append("Skipped:")
            lines.extend(f"  - {name}: {reason}" for name, reason in self.skipped)
        return "\n".join(lines)


# --- Reading -------------------------------------------------------------------


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


# --- Importing -----------------------------------------------------------------


class _Skip(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_url_validator = URLValidator(schemes=["http", "https"])
_email_validator = EmailValidator()


def _valid_website(value: str) -> str:
    if not value:
        return ""
    url = value if "://" in value or ":" in value else f"https://{value}"
    try:
        _url_validator(url)
    except ValidationError:
        raise _Skip(f"invalid website {value!r} (an http:// or https:// address)") from None
    if len(url) > Organisation._meta.get_field("website").max_length:
        raise _Skip("website address too long")
    return url


def _valid_country(value: str) -> str:
    if not value:
        return ""
    text = value.strip()
    folded = text.casefold()
    code = (
        _COUNTRY_ALIASES.get(folded)
        or countries.alpha2(text)
        or countries.by_name(text)
        or countries.by_name(folded.removeprefix("the "))
    )
    if not code:
        raise _Skip(f"unknown country {value!r}")
    return str(code)


def _valid_category(value: str) -> str:
    if not value:
        return ""
    wanted = " ".join(value.casefold().split())
    for choice in Category:
        if wanted in (choice.value, choice.label.casefold(), choice.value.replace("_", " ")):
            return choice.value
    raise _Skip(f"unknown category {value!r}")


def _validated(row: ImportRow, *, guess: Callable[[str], tuple[str, str]] | None) -> dict[str, str]:
    """The row's fields ready to store, or `_Skip` with the reason it cannot be imported."""
    if row.problem:
        raise _Skip(row.problem)
    if not row.name:
        raise _Skip("no name")
    if "\n" in row.name or "\r" in row.name:
        raise _Skip("line break in the name (a quote left open in the CSV?)")
    if len(row.name) > NAME_MAX_LENGTH:
        raise _Skip(f"name longer than {NAME_MAX_LENGTH} characters")
    if not names.normalise_name(row.name):
        raise _Skip("name has no words to recognise it by")
    values = {
        "website": _valid_website(row.website),
        "country": _valid_country(row.country),
        "category": _valid_category(row.category),
        "statement": row.statement,
        "contact_name": row.contact_name,
        "contact_email": row.contact_email,
        "contact_role": row.contact_role,
    }
    for name in ("statement", "contact_name", "contact_role"):
        limit = Organisation._meta.get_field(name).max_length
        if limit and len(values[name]) > limit:
            raise _Skip(f"{name.replace('_', ' ')} longer than {limit} characters")
    if values["contact_email"]:
        try:
            _email_validator(values["contact_email"])
        except ValidationError:
            raise _Skip(f"invalid contact email {values['contact_email']!r}") from None
    if guess is not None and not (values["country"] and values["category"]):
        country, category = guess(row.name)
        values["country"] = values["country"] or country
        values["category"] = values["category"] or category
    return values


def _stored(organisation: Organisation, name: str) -> str:
    value = getattr(organisation, name)
    return str(getattr(value, "code", value) or "")


def _existing(row: ImportRow, website: str) -> Organisation | None:
    """The listing this row is already, preferring a match on the name to one on the website."""
    matches = list(organisation_find_duplicates(name=row.name, website=website))
    key = names.normalise_name(row.name)
    return next((o for o in matches if o.normalised_name == key), None) or next(iter(matches), None)


def _fill_blanks(organisation: Organisation, values: dict[str, str], *, note: str) -> list[str]:
    filled = [name for name in IMPORTED_FIELDS if values[name] and not _stored(organisation, name)]
    if not filled:
        return []
    for name in filled:
        setattr(organisation, name, values[name])
    organisation.save()
    OrganisationDecision.objects.create(
        organisation=organisation,
        from_status=organisation.status,
        to_status=organisation.status,
        note=f"{note}: filled in {', '.join(filled).replace('_', ' ')}.",
    )
    if organisation.is_public:
        transaction.on_commit(clear_page_cache)
    return filled


def organisations_import(
    *,
    rows: Iterable[ImportRow],
    status: str = Status.APPROVED,
    source_name: str = "a list",
    guess: Callable[[str], tuple[str, str]] | None = None,
    dry_run: bool = False,
    progress: Callable[[ImportRow], None] | None = None,
) -> ImportReport:
    """Add each row as an organisation unless it is already listed, all in one transaction.

    New organisations get `status` (approved, or awaiting review) and a history
    row noting `source_name`. A row matching a listing (same normalised name or
    website domain) fills in that listing's blank fields and changes nothing
    else, not even its status. A row matching an earlier row of the same file is
    skipped. With `guess` (a function from a name to a (country code,
    category) pair, either may be ""), a blank country or category is filled in
    from the organisation's name: the demo passes its classifier; nothing
    guesses by default. With `dry_run` the same work is done and
    reported, then rolled back. `progress` is called after each row.
    """
    if status not in IMPORT_STATUSES:
        raise ValueError(
            f"An import creates listings as approved or awaiting review, not {status!r}."
        )
    note = f"Imported from {source_name}"
    report = ImportReport(dry_run=dry_run)
    seen_names: dict[str, int] = {}
    seen_domains: dict[str, int] = {}

    with transaction.atomic():
        for row in rows:
            try:
                values = _validated(row, guess=guess)
                key = names.normalise_name(row.name)
                domain = names.website_domain(values["website"])
                earlier = seen_names.get(key) or (seen_domains.get(domain) if domain else None)
                if earlier:
                    raise _Skip(f"duplicate of line {earlier}")
                seen_names[key] = row.line
                if domain:
                    seen_domains[domain] = row.line

                organisation = _existing(row, values["website"])
                if organisation is None:
                    organisation_create(
                        name=row.name,
                        status=status,
                        note=note,
                        notify_moderators=False,
                        **{name: value for name, value in values.items() if value},
                    )
                    report.created.append(row.name)
                else:
                    filled = _fill_blanks(organisation, values, note=note)
                    if not filled:
                        listed = f"already listed as {organisation.name}"
                        if not organisation.is_public:
                            listed += f" ({organisation.get_status_display().lower()})"
                        raise _Skip(listed)
                    what = f"filled in {', '.join(filled).replace('_', ' ')}"
                    if organisation.name != row.name:
                        what += f" (listed as {organisation.name})"
                    report.updated.append((row.name, what))
            except _Skip as skip:
                report.skipped.append((row.label, skip.reason))
            if progress is not None:
                progress(row)
        if dry_run:
            transaction.set_rollback(True)
    return report
