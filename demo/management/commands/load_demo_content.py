from django.core.management.base import BaseCommand

from cms.models import HomePage
from demo.donations import donations_demo_load
from demo.indexes import indexes_rebuilt_after
from demo.petitions import petitions_demo_history_load, petitions_demo_load
from demo.site import demo_content_load
from demo.supporters import supporters_demo_load
from demo.translations import demo_translations_load
from demo.trials import trials_demo_load
from demo.updates import updates_demo_load


class Command(BaseCommand):
    help = (
        "Build the demo campaign site (home, campaign pages, regulatory news). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the site already has a home page.",
        )
        parser.add_argument(
            "--petition-history",
            action="store_true",
            help="Also give the petition four weeks of demo signatures and their hourly "
            "count history, so its chart shows something (make run does).",
        )
        parser.add_argument(
            "--no-translations",
            action="store_true",
            help="Leave out the Spanish and German translations: the site in English only, "
            "loaded in half the time.",
        )

    def handle(
        self, *args, if_empty=False, petition_history=False, no_translations=False, **options
    ):
        if if_empty and HomePage.objects.exists():
            self.stdout.write("Demo content: the site already has content; nothing loaded.")
            return
        with indexes_rebuilt_after():
            self._load(petition_history=petition_history, translations=not no_translations)

    def _load(self, *, petition_history: bool, translations: bool) -> None:
        report = demo_content_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {len(report.created)} pages created, "
                f"{len(report.existing)} already there."
            )
        )
        for url_path in report.created:
            self.stdout.write(f"  + {url_path}")
        supporters = supporters_demo_load()
        petition = petitions_demo_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Petition: {petition.url_path if petition else '(not created: no home page)'}."
            )
        )
        if petition is not None and petition_history:
            added = petitions_demo_history_load(petition)
            self.stdout.write(
                self.style.SUCCESS(f"Petition history: {added} demo signatures and their hours.")
            )
        self.stdout.write(self.style.SUCCESS(f"Supporters: {supporters.counts}."))
        self.stdout.write(self.style.SUCCESS(f"Updates: {updates_demo_load()}."))
        donate_page = donations_demo_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Donations: donate page at {donate_page.get_url() or donate_page.url_path if donate_page else '(not created)'}."
            )
        )
        self.stdout.write(self.style.SUCCESS(f"Trials tracker: {trials_demo_load()}."))
        if not translations:
            self.stdout.write("Translations: left out (--no-translations).")
            return
        translated = demo_translations_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Translations (Spanish, German): {len(translated.created)} published, "
                f"{translated.existing} already there."
            )
        )
