from django.core.management.base import BaseCommand

from cms.demo import demo_content_load
from cms.models import HomePage
from supporters.demo import supporters_demo_load


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

    def handle(self, *args, if_empty=False, **options):
        if if_empty and HomePage.objects.exists():
            self.stdout.write("Demo content: the site already has content; nothing loaded.")
            return
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
        self.stdout.write(self.style.SUCCESS(f"Supporters: {supporters.counts}."))
