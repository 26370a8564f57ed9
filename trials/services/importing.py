"""Importing registry records: from ClinicalTrials.gov's API or from files.

`studies_import` streams study records into `Trial` rows a batch at a time (about
`BATCH_SIZE` studies: one query for the rows already there, one `bulk_create`, one
`bulk_update`, in one transaction), so memory stays flat whether a run reads a
hundred studies or half a million. Each record is kept as received (`Trial.raw`)
with the sha256 of its canonical JSON: a record that has not changed since the last
import is counted and not written again. What was odd in the records (missing
modules, unknown values, malformed dates, records without an NCT number) is counted
into `RegistryImport.problems` and never stops the import.

`file_studies(path)` reads the files a person downloads from the registry: an API v2
JSON page (`{"studies": [...], "nextPageToken": ...}`), a single study, JSON Lines
(one study, or one page, per line), a JSON array of studies, or a ZIP of any of
these. The JSON is decoded a value at a time from the stream (a page's studies one
by one), so a file's size does not decide memory either.

`registry_import_run_file` and `registry_import_run_api` record the run as a
`RegistryImport`, mark it succeeded or failed (with the error), and then bring the
tracker up to date (`pipeline.tracker_refresh`) unless told not to.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..clinicaltrials import ClinicalTrialsError, clinicaltrials_gateway
from ..models import RegistryImport, Trial
from ..registry_record import RecordRejected, parse_study
from .pipeline import tracker_refresh

BATCH_SIZE = 1000
# The parts of a study the tracker reads (trials.registry_record), asked of the API so
# pages stay small; the raw record kept is these parts.
IMPORT_FIELDS = (
    "protocolSection.identificationModule",
    "protocolSection.statusModule",
    "protocolSection.sponsorCollaboratorsModule",
    "protocolSection.designModule",
    "protocolSection.oversightModule",
    "annotationSection",
    "hasResults",
)
_READ_CHUNK = 1 << 16
# A NUL character as json.dumps writes it (an odd number of backslashes before u0000).
_ESCAPED_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")
_WHITESPACE = " \t\r\n"

Progress = Callable[[int], None]

# Columns written when a stored trial's record changed.
_UPDATED_FIELDS = [
    "raw",
    "raw_sha256",
    "brief_title",
    "lead_sponsor_name",
    "lead_sponsor_class",
    "overall_status",
    "study_type",
    "phases",
    "start_date",
    "primary_completion_date",
    "primary_completion_type",
    "completion_date",
    "results_first_submit_date",
    "results_first_post_date",
    "has_results",
    "is_sample",
    "last_import",
    "updated_at",
]


class ImportFileError(Exception):
    """A file that cannot be read as registry records; the message says where and why."""


class RegistryImportFailed(Exception):
    """The import stopped; its RegistryImport row is marked failed with this message."""

    def __init__(self, message: str, registry_import: RegistryImport):
        super().__init__(message)
        self.registry_import = registry_import


# --- Storing studies ------------------------------------------------------------------


def canonical_json(raw: Any) -> str:
    """A record's canonical JSON (sorted keys, no spaces): equal records, equal text."""
    return json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_sha256(raw: Any) -> str:
    return hashlib.sha256(canonical_json(raw).encode()).hexdigest()


def studies_import(
    *,
    studies: Iterable[dict],
    registry_import: RegistryImport,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> RegistryImport:
    """Store every study, a batch at a time, counting into `registry_import`
    (saved after each batch, so the admin sees a long run advance)."""
    problems = Counter(registry_import.problems or {})
    batch: list[Any] = []
    for study in studies:
        batch.append(study)
        if len(batch) >= batch_size:
            _store_batch(batch, registry_import, problems)
            if progress:
                progress(len(batch))
            batch = []
    if batch:
        _store_batch(batch, registry_import, problems)
        if progress:
            progress(len(batch))
    return registry_import


def _store_batch(batch: list[Any], registry_import: RegistryImport, problems: Counter) -> None:
    parsed: dict[str, tuple[dict, str, Any]] = {}  # nct_id -> (raw, sha, facts), last one wins
    rejected = 0
    for raw in batch:
        try:
            result = parse_study(raw)
        except RecordRejected as error:
            rejected += 1
            problems[f"rejected: {error}"] += 1
            continue
        text = canonical_json(raw)
        if _ESCAPED_NUL.search(text):  # PostgreSQL stores no NUL character, in text or JSON
            rejected += 1
            problems["rejected: NUL character in the record"] += 1
            continue
        for problem in result.problems:
            problems[problem] += 1
        nct_id = result.facts.nct_id
        if nct_id in parsed:
            problems["duplicate nctId in the same batch (the later record kept)"] += 1
        parsed[nct_id] = (raw, hashlib.sha256(text.encode()).hexdigest(), result.facts)

    is_sample = registry_import.source == RegistryImport.Source.SAMPLE
    now = timezone.now()
    with transaction.atomic():
        stored = {
            nct_id: (pk, sha)
            for pk, nct_id, sha in Trial.objects.filter(nct_id__in=list(parsed)).values_list(
                "pk", "nct_id", "raw_sha256"
            )
        }
        new, changed, unchanged = [], [], 0
        for nct_id, (raw, sha, facts) in parsed.items():
            if nct_id in stored and stored[nct_id][1] == sha:
                unchanged += 1
                continue
            trial = Trial(
                nct_id=nct_id,
                raw=raw,
                raw_sha256=sha,
                is_sample=is_sample,
                last_import=registry_import,
                updated_at=now,
                **_columns(facts),
            )
            if nct_id in stored:
                trial.pk = stored[nct_id][0]
                changed.append(trial)
            else:
                trial.first_import = registry_import
                new.append(trial)
        Trial.objects.bulk_create(new)
        Trial.objects.bulk_update(changed, _UPDATED_FIELDS)
        registry_import.studies_read += len(batch)
        registry_import.studies_created += len(new)
        registry_import.studies_updated += len(changed)
        registry_import.studies_unchanged += unchanged
        registry_import.studies_rejected += rejected
        registry_import.problems = dict(problems.most_common())
        registry_import.save(
            update_fields=[
                "studies_read",
                "studies_created",
                "studies_updated",
                "studies_unchanged",
                "studies_rejected",
                "problems",
            ]
        )


def _columns(facts) -> dict[str, Any]:
    """The Trial columns the pages show, cut to the columns' lengths (a value the
    registry invents is kept whole in `raw`)."""
    primary = facts.primary_completion
    return {
        "brief_title": facts.brief_title,
        "lead_sponsor_name": facts.lead_sponsor_name[:500],
        "lead_sponsor_class": (facts.lead_sponsor_class or "")[:12],
        "overall_status": (facts.overall_status or "")[:40],
        "study_type": (facts.study_type or "")[:40],
        "phases": ",".join(facts.phases)[:100],
        "start_date": facts.start.value if facts.start else None,
        "primary_completion_date": primary.value if primary else None,
        "primary_completion_type": ((primary.kind or "") if primary else "")[:10],
        "completion_date": facts.completion.value if facts.completion else None,
        "results_first_submit_date": facts.results_first_submit,
        "results_first_post_date": facts.results_first_post,
        "has_results": facts.has_results,
    }


# --- Reading files ----------------------------------------------------------------------


def file_studies(path: str | Path) -> Iterator[Any]:
    """The study records in a downloaded file, one at a time (see the module's doc)."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file.")
    if zipfile.is_zipfile(path):
        yield from _zip_studies(path)
        return
    with path.open("rb") as binary:
        yield from _stream_studies(_text(binary), path.name)


def _zip_studies(path: Path) -> Iterator[Any]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise ImportFileError(f"{path.name}: not a readable ZIP file ({error}).") from None
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and not info.filename.startswith("__MACOSX/")
            and not Path(info.filename).name.startswith(".")
        ]
        if not members:
            raise ImportFileError(f"{path.name}: the ZIP file holds no files.")
        for info in members:
            name = f"{path.name}:{info.filename}"
            try:
                with archive.open(info) as binary:
                    yield from _stream_studies(_text(binary), name)
            except (zipfile.BadZipFile, OSError) as error:
                raise ImportFileError(f"{name}: cannot be read ({error}).") from None


def _text(binary) -> TextIO:
    return io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict")


def _stream_studies(stream: TextIO, name: str) -> Iterator[Any]:
    """Every study in a stream of JSON values: a page's studies, an array's elements,
    or a study itself."""
    reader = _JsonStream(stream, name)
    found = False
    while reader.skip_whitespace():
        found = True
        char = reader.peek()
        if char == "{":
            yield from reader.object_studies()
        elif char == "[":
            yield from reader.array_items()
        else:
            raise reader.error("expected a study, a page of studies or a list of studies")
    if not found:
        raise ImportFileError(f"{name}: the file is empty.")


class _JsonStream:
    """Decodes JSON values one after another from a text stream with a bounded buffer."""

    def __init__(self, stream: TextIO, name: str):
        self.stream = stream
        self.name = name
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.consumed = 0  # characters dropped from the front of the buffer
        self.decoder = json.JSONDecoder()

    def error(self, what: str) -> ImportFileError:
        return ImportFileError(
            f"{self.name}: not registry JSON at character {self.consumed + self.pos}: {what}."
        )

    def _fill(self, at_least: int = _READ_CHUNK) -> bool:
        if self.eof:
            return False
        if self.pos > _READ_CHUNK:
            self.consumed += self.pos
            self.buffer = self.buffer[self.pos :]
            self.pos = 0
        try:
            chunk = self.stream.read(max(at_least, _READ_CHUNK))
        except UnicodeDecodeError:
            raise self.error("the file is not UTF-8 text") from None
        if not chunk:
            self.eof = True
            return False
        self.buffer += chunk
        return True

    def skip_whitespace(self) -> bool:
        """Skip to the next character; False at the end of the stream."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buffer):
                return True
            if not self._fill():
                return False

    def peek(self) -> str:
        return self.buffer[self.pos]

    def expect(self, char: str) -> None:
        if not self.skip_whitespace() or self.peek() != char:
            raise self.error(f"expected '{char}'")
        self.pos += 1

    def value(self) -> Any:
        """Decode one whole JSON value, reading more until it is complete."""
        if not self.skip_whitespace():
            raise self.error("the file ends in the middle of a value")
        want = _READ_CHUNK
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if self._fill(want):
                    want *= 2  # a large value: read more at a time, decode fewer times
                    continue
                raise self.error(error.msg) from None
            # A number at the end of the buffer may go on in the next chunk.
            if end == len(self.buffer) and not self.eof and self._fill(want):
                continue
            self.pos = end
            return value

    def object_studies(self) -> Iterator[Any]:
        """A page (its `studies` one by one) or a study (the object itself)."""
        self.expect("{")
        whole: dict[str, Any] = {}
        is_page = False
        first = True
        while True:
            if not self.skip_whitespace():
                raise self.error("the file ends inside an object")
            if self.peek() == "}":
                self.pos += 1
                break
            if not first:
                self.expect(",")
            first = False
            key = self.value()
            if not isinstance(key, str):
                raise self.error("expected a key")
            self.expect(":")
            if key == "studies" and self.skip_whitespace() and self.peek() == "[":
                is_page = True
                yield from self.array_items()
            else:
                whole[key] = self.value()
        if not is_page:
            yield whole

    def array_items(self) -> Iterator[Any]:
        self.expect("[")
        first = True
        while True:
            if not self.skip_whitespace():
                raise self.error("the file ends inside a list")
            if self.peek() == "]":
                self.pos += 1
                return
            if not first:
                self.expect(",")
            first = False
            yield self.value()


# --- Runs ---------------------------------------------------------------------------------


def registry_import_run_file(
    path: str | Path,
    *,
    refresh: bool = True,
    progress: Callable[[int, int | None], None] | None = None,
    source: str = RegistryImport.Source.FILE,
    today: datetime.date | None = None,
) -> RegistryImport:
    """Import one downloaded file as one RegistryImport; raises RegistryImportFailed
    (the row marked failed) when the file cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file.")
    data_timestamp = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
    registry_import = RegistryImport.objects.create(
        source=source, label=path.name[:500], data_timestamp=data_timestamp
    )
    return _run(
        registry_import,
        lambda: file_studies(path),
        refresh=refresh,
        today=today,
        progress=(lambda count: progress(count, None)) if progress else None,
        errors=(ImportFileError,),
    )


def api_query(*, since: datetime.date | None = None) -> dict[str, str]:
    """The API v2 parameters of the configured import (`CLINICALTRIALS_QUERY`), with
    `since` added as a last-update range."""
    query = {key: str(value) for key, value in (settings.CLINICALTRIALS_QUERY or {}).items()}
    if since:
        recent = f"AREA[LastUpdatePostDate]RANGE[{since.isoformat()},MAX]"
        advanced = query.get("filter.advanced")
        query["filter.advanced"] = f"({advanced}) AND {recent}" if advanced else recent
    query.setdefault("fields", ",".join(IMPORT_FIELDS))
    return query


def registry_import_run_api(
    *,
    since: datetime.date | None = None,
    query: dict[str, str] | None = None,
    refresh: bool = True,
    progress: Callable[[int, int | None], None] | None = None,
    today: datetime.date | None = None,
) -> RegistryImport:
    """Import what the configured query (or `query`, API v2 parameters) matches."""
    gateway = clinicaltrials_gateway()
    if gateway is None:
        raise ClinicalTrialsError(
            "ClinicalTrials.gov is not configured: set CLINICALTRIALS_API_BASE."
        )
    params = dict(query) if query is not None else api_query(since=since)
    label = " ".join(f"{key}={value}" for key, value in params.items() if key != "fields")
    registry_import = RegistryImport.objects.create(
        source=RegistryImport.Source.API, label=(label or "all studies")[:500]
    )

    def studies() -> Iterator[dict]:
        version = gateway.version()
        registry_import.data_timestamp = version.data_timestamp
        registry_import.api_version = version.api_version[:40]
        registry_import.save(update_fields=["data_timestamp", "api_version"])
        return gateway.studies(params=params)

    return _run(
        registry_import,
        studies,
        refresh=refresh,
        today=today,
        progress=(lambda count: progress(count, gateway.total_count)) if progress else None,
        errors=(ClinicalTrialsError,),
    )


def _run(registry_import, studies, *, refresh, today, progress, errors) -> RegistryImport:
    try:
        studies_import(studies=studies(), registry_import=registry_import, progress=progress)
    except errors as error:
        _mark_failed(registry_import, str(error))
        raise RegistryImportFailed(str(error), registry_import) from error
    except BaseException as error:  # a bug or an interrupted run: say so on the row, then raise
        _mark_failed(registry_import, f"{type(error).__name__}: {error}")
        raise
    registry_import.outcome = RegistryImport.Outcome.SUCCEEDED
    registry_import.finished_at = timezone.now()
    registry_import.save(update_fields=["outcome", "finished_at"])
    if refresh:
        tracker_refresh(today=today or timezone.localdate(), registry_import=registry_import)
    return registry_import


def _mark_failed(registry_import: RegistryImport, message: str) -> None:
    registry_import.outcome = RegistryImport.Outcome.FAILED
    registry_import.error = message
    registry_import.finished_at = timezone.now()
    registry_import.save(update_fields=["outcome", "error", "finished_at"])
