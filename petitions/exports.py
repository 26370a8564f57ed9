"""Signatures as CSV, streamed: the same small memory for ten signatures or a million.

The rows never sit in memory together. The database hands them over in chunks
(`.values_list(...).iterator(chunk_size=...)`: plain tuples, no model instances,
a server-side cursor on PostgreSQL), `csv.writer` turns each into a line through a
pseudo-buffer that returns what it is given instead of keeping it, and
`StreamingHttpResponse` sends each batch of lines on as soon as it is made. One
query, whatever the number of rows.

Signers type the names, comments and postcodes, so a cell that a spreadsheet would
read as a formula (starting with =, +, - or @) is written with a leading apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django_countries import countries

from core.spreadsheets import defuse_formula

from .models import Status

#: Rows fetched from the database per round trip, and written per chunk of the response:
#: large enough that a million rows take 2,000 round trips, small enough to hold lightly.
CHUNK_SIZE = 500

# Excel reads a UTF-8 file as such only when it starts with a byte-order mark.
BOM = "\ufeff"


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _status(value: str) -> str:
    return Status(value).label if value in Status.values else value


def _country_name(code: str) -> str:
    return countries.name(code) if code else ""


def _as_is(value: Any) -> Any:
    return value


# (heading, field read from the database, how to write it). "country" is read once
# and written twice, as a name for people and as a code for mail merges.
COLUMNS: tuple[tuple[str, str, Callable[[Any], Any]], ...] = (
    ("Name", "name", _as_is),
    ("Email", "email", _as_is),
    ("Country", "country", _country_name),
    ("Country code", "country", _as_is),
    ("Postcode", "postcode", _as_is),
    ("Comment", "comment", _as_is),
    ("Show name", "show_name", _yes_no),
    ("Wants updates", "wants_updates", _yes_no),
    ("Status", "status", _status),
    ("Flagged", "flagged", _yes_no),
    ("Flag reason", "flag_reason", _as_is),
    ("Signed at", "created_at", _when),
    ("Confirmed at", "confirmed_at", _when),
    ("Consent version", "consent__version", _as_is),
    ("Source page", "source_url", _as_is),
)
HEADINGS = [heading for heading, _field, _format in COLUMNS]
FIELDS = list(dict.fromkeys(field for _heading, field, _format in COLUMNS))
_POSITIONS = [(FIELDS.index(field), write) for _heading, field, write in COLUMNS]


class _Echo:
    """A file-like object whose write() hands the line back instead of storing it.

    csv.writer needs something to write to; this lets each `writerow` return its
    line so the generator can pass it straight on (Django's documented recipe).
    """

    def write(self, value: str) -> str:
        return value


def _rows(queryset: QuerySet, chunk_size: int) -> Iterator[tuple]:
    return (
        queryset.order_by("created_at", "pk").values_list(*FIELDS).iterator(chunk_size=chunk_size)
    )


def csv_lines(rows: Iterable[tuple], *, chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    """The CSV text for `rows` (tuples in FIELDS order), a chunk of lines at a time."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(HEADINGS)
    batch: list[str] = []
    for row in rows:
        batch.append(
            writer.writerow([defuse_formula(write(row[index])) for index, write in _POSITIONS])
        )
        if len(batch) >= chunk_size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def signatures_csv_response(
    queryset: QuerySet, *, filename: str, chunk_size: int = CHUNK_SIZE
) -> StreamingHttpResponse:
    """A download of `queryset`'s signatures, oldest first, streamed as it is read.

    The query runs when the first chunk is sent, after the view has returned, so
    anything that must be checked (permissions, filters) is checked before this is
    called.
    """
    response = StreamingHttpResponse(
        csv_lines(_rows(queryset, chunk_size), chunk_size=chunk_size),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: never kept by a browser or proxy cache.
    response["Cache-Control"] = "no-store"
    return response
