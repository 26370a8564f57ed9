"""`manage.py trials_import FILE [FILE...]` and `manage.py trials_import --api`."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from trials.clinicaltrials import ClinicalTrialsError
from trials.models import RegistryImport
from trials.services.importing import (
    ImportFileError,
    RegistryImportFailed,
    registry_import_run_api,
    registry_import_run_file,
)


class _ProgressStream:
    """Hands tqdm's output to the command's stderr as it is: no added newline, no error colour."""

    def __init__(self, wrapper):
        self._wrapper = wrapper

    def write(self, text: str) -> None:
        self._wrapper.write(text, style_func=lambda message: message, ending="")

    def flush(self) -> None:
        self._wrapper.flush()


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since: {value!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Import ClinicalTrials.gov records from downloaded files (API v2 JSON pages, single "
        "studies, JSON Lines, or ZIP files of them), or with --api from the API "
        "(CLINICALTRIALS_API_BASE, CLINICALTRIALS_QUERY). Then map sponsors, classify "
        "and recount, unless --no-refresh."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="FILE")
        parser.add_argument("--api", action="store_true", help="Read from ClinicalTrials.gov.")
        parser.add_argument(
            "--since",
            metavar="YYYY-MM-DD",
            help="With --api: only studies updated on or after this day.",
        )
        parser.add_argument(
            "--no-refresh",
            action="store_true",
            help="Store the records only; do not classify or recount.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, files, api=False, since=None, no_refresh=False, **options):
        if api == bool(files):
            raise CommandError("Give one or more files, or --api (not both).")
        if since and not api:
            raise CommandError("--since goes with --api.")
        since_day = _day(since) if since else None
        refresh = not no_refresh
        runs = [None] if api else files
        for file in runs:
            with tqdm(
                desc=Path(file).name if file else "ClinicalTrials.gov",
                unit=" studies",
                file=_ProgressStream(self.stderr),
                disable=options["no_progress"],
            ) as bar:

                def advance(count, total, bar=bar):
                    if total is not None and bar.total != total:
                        bar.total = total
                        bar.refresh()
                    bar.update(count)

                try:
                    if api:
                        registry_import = registry_import_run_api(
                            since=since_day, refresh=refresh, progress=advance
                        )
                    else:
                        registry_import = registry_import_run_file(
                            file, refresh=refresh, progress=advance
                        )
                except RegistryImportFailed as error:
                    raise CommandError(
                        f"Import {error.registry_import.pk} failed: {error}"
                    ) from None
                except (ImportFileError, ClinicalTrialsError) as error:
                    raise CommandError(str(error)) from None
            self.stdout.write(self.style.SUCCESS(summary(registry_import)))
            for problem, count in list(registry_import.problems.items())[:10]:
                self.stdout.write(f"  {count} x {problem}")


def summary(registry_import: RegistryImport) -> str:
    problems = sum(registry_import.problems.values())
    return (
        f"{registry_import.label}: {registry_import.studies_read} read, "
        f"{registry_import.studies_created} created, {registry_import.studies_updated} updated, "
        f"{registry_import.studies_unchanged} unchanged, "
        f"{registry_import.studies_rejected} rejected; {problems} problem(s) counted."
    )
