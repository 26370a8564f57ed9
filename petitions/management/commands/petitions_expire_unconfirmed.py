from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from petitions.services import signatures_expire_unconfirmed


class Command(BaseCommand):
    help = (
        "Delete signatures never confirmed within PETITION_UNCONFIRMED_DAYS days. "
        "Run it daily (cron or a scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Override the age in days (default {settings.PETITION_UNCONFIRMED_DAYS}).",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = signatures_expire_unconfirmed(days=days)
        self.stdout.write(f"Deleted {deleted} unconfirmed signature(s).")
