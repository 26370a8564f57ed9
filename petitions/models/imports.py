"""Signatures collected before this site, imported from a CSV in batches."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class SignatureImport(models.Model):
    """One CSV of past signatures an editor uploaded for a petition, and what became of it.

    The upload is checked for its columns at once and its rows staged in
    `SignatureImportChunk`s; a task (petitions/imports.py) then validates and inserts
    them a chunk at a time, so an import of a hundred thousand rows neither holds a
    request open nor grows in memory. Each imported `Signature` points back here
    (`imported_from`): that is what marks it imported, and `source` says where it was
    collected. The figures are written as the chunks are done; `finished_at` is set
    when none is left. `errors` keeps the first problems found, by line number; they
    name the column and never repeat an email address.
    """

    petition = models.ForeignKey(
        "petitions.PetitionPage", on_delete=models.CASCADE, related_name="signature_imports"
    )
    source = models.CharField(
        max_length=200,
        help_text="Where these signatures were collected, e.g. “Paper forms, 2013–2019”.",
    )
    file_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    rows = models.PositiveIntegerField(default=0, help_text="Rows in the file, header excluded.")
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(
        default=0, help_text="Rows skipped: this petition already had a signature from the address."
    )
    invalid = models.PositiveIntegerField(default=0, help_text="Rows skipped for an error.")
    errors = models.JSONField(
        default=list, help_text="[line number, message] of the first rows skipped for an error."
    )
    duplicate_lines = models.JSONField(
        default=list, help_text="Line numbers of the first rows skipped as duplicates."
    )

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "signature import"

    def __str__(self) -> str:
        return f"{self.source} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def done_rows(self) -> int:
        return self.imported + self.duplicates + self.invalid

    @property
    def errors_not_listed(self) -> int:
        return max(0, self.invalid - len(self.errors))


class SignatureImportChunk(models.Model):
    """Rows of an uploaded CSV waiting to be imported: [line number, cells] each.

    Deleted in the same transaction that imports its rows, so an import interrupted
    halfway (a worker that died) carries on from the first chunk still here, and no
    copy of the file outlives its import.
    """

    batch = models.ForeignKey(SignatureImport, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    rows = models.JSONField()

    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="petitions_import_chunk_once")
        ]
        ordering = ["batch", "number"]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.number}"
