from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string
from tqdm import tqdm

from supporters.importing import IMPORT_STATUSES, ImportFileError, organisations_import, read_rows
from supporters.models import Status


class _ProgressStream:
    """Hands tqdm's output to the command's stderr as it is: no added newline, no error colour."""

    def __init__(self, wrapper):
        self._wrapper = wrapper

    def write(self, text: str) -> None:
        self._wrapper.write(text, style_func=lambda message: message, ending="")

    def flush(self) -> None:
        self._wrapper.flush()


class Command(BaseCommand):
    help = (
        "Import organisations from a CSV file (with a 'name' column; optional website, country, "
        "category, statement, contact_name, contact_email, contact_role) or a plain list with "
        "one name a line. Organisations already listed are not listed twice: only their blank "
        "fields are filled in."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file or list of names (UTF-8).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what the import would do, and write nothing.",
        )
        parser.add_argument(
            "--status",
            choices=[str(status) for status in IMPORT_STATUSES],
            default=Status.APPROVED.value,
            help="The status new organisations get (default: approved).",
        )
        parser.add_argument(
            "--guess",
            metavar="DOTTED.PATH",
            default="",
            help=(
                "Fill a blank country or category from the organisation's name with this "
                "function (a name -> (country code, category) pair), e.g. "
                "demo.classify.guess_organisation. Without it nothing is guessed."
            ),
        )

    @staticmethod
    def _guesser(path: str):
        """The function --guess names (by path, so supporters never imports the demo)."""
        if not path:
            return None
        try:
            guesser = import_string(path)
        except ImportError as error:
            raise CommandError(f"--guess: cannot import {path!r} ({error}).") from None
        if not callable(guesser):
            raise CommandError(f"--guess: {path!r} is not a function.")
        return guesser

    def handle(self, *args, file, dry_run=False, status=Status.APPROVED, guess="", **options):
        guesser = self._guesser(guess)
        try:
            rows = read_rows(file)
        except ImportFileError as error:
            raise CommandError(str(error)) from None

        with tqdm(
            total=len(rows),
            desc="Importing",
            unit="row",
            file=_ProgressStream(self.stderr),
            disable=not self.stderr.isatty(),
        ) as bar:
            report = organisations_import(
                rows=rows,
                status=status,
                source_name=Path(file).name,
                guess=guesser,
                dry_run=dry_run,
                progress=lambda row: bar.update(1),
            )

        style = self.style.WARNING if dry_run else self.style.SUCCESS
        lines = str(report).splitlines()
        for line in lines:
            if line.startswith("Dry run") or line == f"{report.counts}.":
                self.stdout.write(style(line))
            else:
                self.stdout.write(line)
        if options.get("verbosity", 1) >= 2 and report.created:
            self.stdout.write("Created:")
            for name in report.created:
                self.stdout.write(f"  + {name}")
