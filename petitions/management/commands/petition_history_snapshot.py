from django.core.management.base import BaseCommand, CommandError

from petitions.history import history_backfill, history_snapshot_take
from petitions.models import PetitionPage


class Command(BaseCommand):
    help = (
        "Store this hour's count (total and by country) of every live petition, for its "
        "history.json and history.csv. Safe to run again: an hour already stored is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backfill",
            metavar="PETITION",
            help="Instead, fill this petition's past hours (its slug or id) from its "
            "stored signatures, keeping every hour already stored.",
        )

    def handle(self, *args, backfill=None, **options):
        if backfill:
            lookup = {"pk": int(backfill)} if backfill.isdigit() else {"slug": backfill}
            petition = PetitionPage.objects.filter(**lookup).first()
            if petition is None:
                raise CommandError(f"No petition {backfill!r}.")
            written = history_backfill(petition)
            self.stdout.write(f"{petition.title}: {written} past hour(s) stored.")
            return
        report = history_snapshot_take()
        self.stdout.write(
            f"{report.hour:%Y-%m-%d %H:00} UTC: {len(report.written)} petition(s) stored, "
            f"{len(report.already)} already stored this hour."
        )
