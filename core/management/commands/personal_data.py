import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from core.personal_data import personal_data_erase, personal_data_export


class Command(BaseCommand):
    help = "Export (as JSON) or erase everything the site holds about one email address."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument(
            "--yes", action="store_true", help="Erase without asking for confirmation."
        )

    def handle(self, *args, action, email, yes, **options):
        try:
            validate_email(email.strip())
        except ValidationError as error:
            raise CommandError(f"{email!r} is not an email address.") from error
        if action == "export":
            data = personal_data_export(email=email)
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str))
            return
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError("Nothing erased: add --yes to erase without a prompt.")
            answer = input(f"Erase everything about {email}? This cannot be undone. [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing erased.")
        report = personal_data_erase(email=email)
        for name, outcome in report.items():
            self.stdout.write(f"{name}: {outcome}")
            for step in report.steps.get(name, []):
                self.stdout.write(f"{name}: {step.name}: {step.status}")
        if report.in_progress:
            # Never a success while any part is unfinished (a subscription may still charge).
            raise CommandError(
                "This part of the erasure is still in progress: "
                + "; ".join(
                    f"{name} {step.name}: {step.status}" for name, step in report.in_progress
                ),
                returncode=2,
            )
