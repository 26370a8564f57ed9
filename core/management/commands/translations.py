from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import translations


class Command(BaseCommand):
    help = (
        "The interface strings' catalogs: extract them from the code (needs gettext), "
        "check that every shipped language is complete, or compile them for Django."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["extract", "check", "compile"])
        parser.add_argument(
            "--no-extract",
            action="store_true",
            help="check: read the catalogs as they are, without extracting from the code first.",
        )

    def handle(self, *args, action, no_extract, **options):
        root = settings.BASE_DIR
        languages = translations.translated_languages()
        if action == "extract":
            translations.extract(root, languages)
            self.stdout.write(f"Catalogs refreshed: {', '.join(languages)}.")
        elif action == "compile":
            for path in translations.compile_catalogs(root / "locale"):
                self.stdout.write(f"Compiled {path.relative_to(root)}")
        else:
            found = translations.check(root, languages, refresh=not no_extract)
            for problem in found:
                self.stderr.write(str(problem))
            if found:
                raise CommandError(
                    f"{len(found)} interface string(s) are not ready to ship; "
                    "translate them in the catalogs named above (`make messages` refreshes them)."
                )
            self.stdout.write(f"Every interface string is translated: {', '.join(languages)}.")
