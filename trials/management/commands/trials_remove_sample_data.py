"""`manage.py trials_remove_sample_data`: take the demo's invented trials off the site."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from trials.services.sponsors import sample_data_remove


class Command(BaseCommand):
    help = (
        "Delete the sample trials, sponsors, names and imports the demo loaded, and "
        "recount, so the tracker shows only imported registry data."
    )

    def handle(self, *args, **options):
        removed = sample_data_remove(today=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed {removed['trials']} sample trials, {removed['sponsors']} sample "
                f"sponsors and {removed['names']} names no trial uses any more."
            )
        )
