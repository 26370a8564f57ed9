"""Signatures collected before this site, imported from a CSV.

An editor uploads a CSV for a petition with a note of where it was collected
(`signature_import_start`). The request only checks the columns and stages the rows
in chunks (`SignatureImportChunk`), reading the upload as a stream; a task on the
default queue (`tasks.import_signatures`) then imports the chunks one transaction
at a time (`signature_import_run`): each row is checked (a bad date, a bad email, an
unknown country is skipped with its line number), rows whose address has already
signed the petition (by the normalised key of petitions/emails.py, also within
the file) are skipped as duplicates, and the rest are inserted with one
`bulk_create`. So a file of a hundred thousand rows holds no request open, never
sits whole in memory, and costs the same few queries per chunk.

An imported signature is `Signature.imported_from` its batch, stored confirmed at
the date it was signed, and never emailed: no confirmation, no "already signed",
no hand-over to the updates list. What its consent means:

- the signature's consent record is a wording (core/consent.py) saying it was
  collected before this site, naming the source the editor gave: we do not have
  the words the person saw then, and do not invent them;
- the `consent` column says whether the person agreed, back then, to hear from the
  campaign: yes sets `wants_updates`, with an updates wording naming the source.
  They are not added to the updates list (that would write to Mailchimp and may
  email them); an editor who wants them there exports them and imports them into
  the audience deliberately.

Whether imported signatures (and the petition's recorded earlier number) count
publicly is the petition's `include_earlier_signatures` switch (see counts.py).
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_countries import countries

from core.consent import ConsentPurpose, wording_record

from . import emails, tasks
from .counts import petition_count_changed
from .models import PetitionPage, Signature, SignatureImport, SignatureImportChunk, Status

#: The columns a file must have, in any order (extra columns are ignored).
COLUMNS = ("name", "email", "country", "signed_date", "consent")
#: Other headings editors' spreadsheets use for the same columns.
COLUMN_ALIASES = {
    "signed": "signed_date",
    "signed_at": "signed_date",
    "date": "signed_date",
    "date_signed": "signed_date",
    "email_address": "email",
    "full_name": "name",
    "wants_updates": "consent",
}
YES = frozenset({"yes", "y", "true", "1", "x"})
NO = frozenset({"no", "n", "false", "0", ""})
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y")
#: What people write that is not an ISO code or an English country name.
COUNTRY_ALIASES = {"UK": "GB", "ENGLAND": "GB", "SCOTLAND": "GB", "WALES": "GB", "USA": "US"}
#: Dates before this are typing mistakes (and would not survive time zone conversion).
EARLIEST = datetime.datetime(1990, 1, 1, tzinfo=datetime.UTC)
#: How many errors and duplicate line numbers a batch keeps to show the editor.
LISTED = 200

IMPORTED_CONSENT_TEXT = (
    "Signed before this site: {source}. Imported by the campaign from its records of "
    "that collection, which hold the words the person agreed to then."
)
IMPORTED_UPDATES_TEXT = "Agreed to campaign updates when signing before this site: {source}."


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not a CSV, a missing column); nothing is stored."""


def chunk_rows() -> int:
    return max(1, settings.PETITION_IMPORT_CHUNK_ROWS)


def _heading(cell: str) -> str:
    name = cell.strip().lower().replace(" ", "_").replace("-", "_")
    return COLUMN_ALIASES.get(name, name)


def _text_lines(upload) -> Iterator[str]:
    """The upload's lines as text, one at a time. Raises ImportFileError naming the first
    line that is not UTF-8. A byte-order mark (Excel's "CSV UTF-8") is dropped."""
    for number, raw in enumerate(upload, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ImportFileError(
                f"Line {number} is not UTF-8 text. Save the file as “CSV UTF-8” and upload "
                "it again."
            ) from None
        yield line.removeprefix("\ufeff") if number == 1 else line


def _records(upload) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each record of a CSV upload (a binary file), streamed a
    line at a time. Raises ImportFileError for a file that is not CSV or not UTF-8."""
    reader = csv.reader(_text_lines(upload))
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportFileError(
                f"Line {reader.line_num}: this is not a CSV file ({error})."
            ) from None
        yield line, cells
        line = reader.line_num + 1


def _columns(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        positions.setdefault(_heading(cell), index)
    missing = [column for column in COLUMNS if column not in positions]
    if missing:
        names = ", ".join(f"“{column}”" for column in missing)
        raise ImportFileError(
            f"The first line has no {names} column{'s' if len(missing) > 1 else ''}. It must "
            f"name the columns {', '.join(COLUMNS)} (in any order)."
        )
    return {column: positions[column] for column in COLUMNS}


@transaction.atomic
def signature_import_start(
    *, petition: PetitionPage, source: str, upload, file_name: str = "", actor=None
) -> SignatureImport:
    """Check an uploaded CSV's columns, stage its rows, and queue their import.

    Raises ImportFileError (storing nothing) for a file without the columns, one that
    is not CSV or UTF-8, or one with no rows. Reads the upload as a stream and writes
    a chunk at a time, so memory does not grow with the file.
    """
    records = _records(upload)
    try:
        _, header = next(records)
    except StopIteration:
        raise ImportFileError("The file is empty.") from None
    positions = _columns(header)
    batch = SignatureImport.objects.create(
        # A translation's signatures are its source petition's (petition_for_signatures).
        petition=petition.petition_for_signatures(),
        source=source.strip(),
        file_name=file_name[:255],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    size, number, rows, staged = chunk_rows(), 0, [], 0
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, as spreadsheets leave at the end
        rows.append([line, [cells[i] if i < len(cells) else "" for i in positions.values()]])
        if len(rows) == size:
            SignatureImportChunk.objects.create(batch=batch, number=number, rows=rows)
            number, staged, rows = number + 1, staged + len(rows), []
    if rows:
        SignatureImportChunk.objects.create(batch=batch, number=number, rows=rows)
        staged += len(rows)
    if not staged:
        raise ImportFileError("The file has no rows under its first line.")
    SignatureImport.objects.filter(pk=batch.pk).update(rows=staged)
    batch.rows = staged
    transaction.on_commit(lambda: tasks.import_signatures.enqueue(batch.pk))
    return batch


# --- Checking one row ------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    name: str
    email: str
    country: str
    signed_at: datetime.datetime
    wants_updates: bool


class RowError(ValueError):
    pass


def _signed_at(value: str, now: datetime.datetime) -> datetime.datetime:
    value = value.strip()
    if not value:
        raise RowError("no signed date.")
    parsed = None
    for date_format in DATE_FORMATS:
        try:
            parsed = datetime.datetime.strptime(value, date_format)  # noqa: DTZ007
            break
        except ValueError:
            continue
    if parsed is None:
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise RowError(
                f"the signed date “{value[:40]}” is not a date (write 2019-05-31 or 31/05/2019)."
            ) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    if parsed > now:
        raise RowError(f"the signed date “{value[:40]}” is in the future.")
    if parsed < EARLIEST:
        raise RowError(f"the signed date “{value[:40]}” is before {EARLIEST.year}.")
    return parsed


def _country(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    code = countries.alpha2(COUNTRY_ALIASES.get(value.upper(), value)) or countries.by_name(value)
    if not code:
        raise RowError(
            f"unknown country “{value[:60]}” (write a two-letter code such as GB, or the "
            "country's English name)."
        )
    return code


def check_row(cells: list[str], now: datetime.datetime) -> Row:
    """One staged row (cells in COLUMNS order) as a signature's details, or RowError."""
    name, email, country, signed, consent = (cell.strip() for cell in cells)
    if len(name) > 100:
        raise RowError("the name is longer than 100 characters.")
    if not email:
        raise RowError("no email address.")
    try:
        validate_email(email)
    except ValidationError:
        raise RowError("the email address is not valid.") from None  # never repeat it
    if len(email) > 254:
        raise RowError("the email address is longer than 254 characters.")
    code = _country(country)
    signed_at = _signed_at(signed, now)
    answer = consent.lower()
    if answer not in YES | NO:
        raise RowError(f"consent must be yes or no, not “{consent[:20]}”.")
    return Row(name, email, code, signed_at, answer in YES)


# --- Importing the staged rows --------------------------------------------------------


@dataclass
class _ChunkOutcome:
    signatures: list[Signature]
    duplicate_lines: list[int]
    errors: list[list]


def _build(batch: SignatureImport, rows: Iterable[list], consent, updates_consent) -> _ChunkOutcome:
    now = timezone.now()
    checked: dict[str, tuple[int, Row]] = {}
    outcome = _ChunkOutcome([], [], [])
    for line, cells in rows:
        try:
            row = check_row(cells, now)
        except RowError as error:
            outcome.errors.append([line, f"Line {line}: {error}"])
            continue
        key = emails.email_key(row.email)
        if key in checked:  # twice in the same file
            outcome.duplicate_lines.append(line)
            continue
        checked[key] = (line, row)
    already = set(
        Signature.objects.filter(petition_id=batch.petition_id, email_key__in=list(checked))
        .order_by()
        .values_list("email_key", flat=True)
    )
    for key, (line, row) in checked.items():
        if key in already:
            outcome.duplicate_lines.append(line)
            continue
        outcome.signatures.append(
            Signature(
                petition_id=batch.petition_id,
                name=row.name,
                email=row.email,
                email_key=key,
                email_domain=emails.email_domain(row.email),
                country=row.country,
                wants_updates=row.wants_updates,
                status=Status.CONFIRMED,
                created_at=row.signed_at,
                confirmed_at=row.signed_at,
                consent=consent,
                consent_given_at=row.signed_at,
                updates_consent=updates_consent if row.wants_updates else None,
                imported_from=batch,
            )
        )
    outcome.duplicate_lines.sort()
    return outcome


def _import_chunk(batch_id: int, consent, updates_consent) -> bool:
    """Import the first chunk still staged, in one transaction. False when none is left."""
    with transaction.atomic():
        chunk = (
            SignatureImportChunk.objects.select_for_update(skip_locked=True)
            .filter(batch_id=batch_id)
            .order_by("number")
            .first()
        )
        if chunk is None:
            return False
        batch = SignatureImport.objects.select_for_update().get(pk=batch_id)
        outcome = _build(batch, chunk.rows, consent, updates_consent)
        # A live signer may sign with one of these addresses in between: their row wins,
        # and the finish below counts this one as a duplicate.
        Signature.objects.bulk_create(outcome.signatures, ignore_conflicts=True)
        room = max(0, LISTED - len(batch.errors))
        SignatureImport.objects.filter(pk=batch_id).update(
            imported=F("imported") + len(outcome.signatures),
            duplicates=F("duplicates") + len(outcome.duplicate_lines),
            invalid=F("invalid") + len(outcome.errors),
            errors=batch.errors + outcome.errors[:room],
            duplicate_lines=batch.duplicate_lines
            + outcome.duplicate_lines[: max(0, LISTED - len(batch.duplicate_lines))],
        )
        chunk.delete()
    return True


def signature_import_run(*, batch_id: int) -> SignatureImport | None:
    """Import every chunk of a batch still staged, then record it finished.

    Safe to run twice, or twice at once: each chunk is imported and deleted in one
    transaction, and a run skips the chunks another holds.
    """
    batch = SignatureImport.objects.select_related("petition").filter(pk=batch_id).first()
    if batch is None or batch.is_finished:
        return batch
    consent = wording_record(
        ConsentPurpose.PETITION_SIGNATURE, IMPORTED_CONSENT_TEXT.format(source=batch.source)
    )
    updates_consent = wording_record(
        ConsentPurpose.PETITION_UPDATES, IMPORTED_UPDATES_TEXT.format(source=batch.source)
    )
    while _import_chunk(batch_id, consent, updates_consent):
        pass
    with transaction.atomic():
        batch = SignatureImport.objects.select_for_update().get(pk=batch_id)
        if batch.is_finished or batch.chunks.exists():
            return batch  # another run finishes it
        inserted = Signature.objects.filter(imported_from=batch).count()
        batch.duplicates += batch.imported - inserted
        batch.imported = inserted
        batch.finished_at = timezone.now()
        batch.save(update_fields=["imported", "duplicates", "finished_at"])
        petition_id = batch.petition_id
        transaction.on_commit(lambda: petition_count_changed(petition_id))
    return batch
