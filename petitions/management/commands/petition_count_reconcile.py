from django.core.management.base import BaseCommand, CommandError

from petitions.counts import count_from_rows, petition_count_refresh, petition_tally
from petitions.models import PetitionPage


class Command(BaseCommand):
    help = (
        "Recount each petition's signatures from the stored rows, compare with the count "
        "being shown, and store the exact figure. Signatures collected before this site "
        "(the petition's earlier number and imported rows) are part of both when the petition "
        "includes them. Exits with status 1 if --check finds drift."
    )

    def add_arguments(self, parser):
        parser.add_argument("--petition", help="Only this petition (its slug or id).")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Report drift and fail on it, without storing anything.",
        )

    def handle(self, *args, petition=None, check=False, **options):
        petitions = PetitionPage.objects.order_by("pk")
        if petition:
            lookup = {"pk": int(petition)} if petition.isdigit() else {"slug": petition}
            petitions = petitions.filter(**lookup)
            if not petitions.exists():
                raise CommandError(f"No petition {petition!r}.")
        drifted = 0
        for page in petitions:
            shown = petition_tally(page.pk)
            exact = count_from_rows(page.pk)
            by_country_matches = shown.by_country == exact.by_country
            earlier = f" ({exact.earlier} collected before this site)" if exact.earlier else ""
            if shown.total == exact.total and by_country_matches:
                self.stdout.write(f"{page.title}: {exact.total}{earlier} — exact.")
            else:
                drifted += 1
                self.stdout.write(
                    self.style.WARNING(
                        f"{page.title}: showing {shown.total}, the rows say {exact.total} "
                        f"(difference {exact.total - shown.total:+d}"
                        f"{'' if by_country_matches else ', counts by country differ'})."
                    )
                )
            if not check:
                petition_count_refresh(page.pk)
        if check and drifted:
            raise CommandError(f"{drifted} petition count(s) differ from the stored signatures.")
        if drifted and not check:
            self.stdout.write(
                self.style.SUCCESS(f"Stored the exact count for {drifted} petition(s).")
            )
