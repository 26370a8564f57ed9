"""Backfill and reconcile the Mailchimp audience.

manage.py mailchimp_sync                 # sweep, then batch-create never-synced subscribers
manage.py mailchimp_sync --reconcile     # also compare both sides and report drift
manage.py mailchimp_sync --sweep-only    # what cron runs every few minutes in production
manage.py mailchimp_sync --retry-failed  # after fixing what made Mailchimp refuse
manage.py mailchimp_sync --interests     # list the audience's interest ids, for editors
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from updates import bulk, mailchimp, services
from updates.models import Interest, MailchimpDeletion

EXAMPLES = 10


class Command(BaseCommand):
    help = (
        "Send unsynced subscribers to Mailchimp (batches of up to 500), re-enqueue interrupted "
        "or postponed syncs, and optionally compare our subscribers with the audience."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reconcile", action="store_true", help="Report drift afterwards.")
        parser.add_argument(
            "--adopt-statuses",
            action="store_true",
            help="With --reconcile: record Mailchimp's status where ours differs.",
        )
        parser.add_argument(
            "--sweep-only",
            action="store_true",
            help="Only re-enqueue due syncs and deletions (no batch calls).",
        )
        parser.add_argument(
            "--retry-failed", action="store_true", help="Try refused subscribers again."
        )
        parser.add_argument(
            "--interests", action="store_true", help="List the audience's groups and interest ids."
        )
        parser.add_argument("--batch-size", type=int, default=bulk.BATCH_LIMIT)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        if not mailchimp.is_configured():
            raise CommandError(
                "Mailchimp is not connected: set MAILCHIMP_API_KEY and MAILCHIMP_LIST_ID."
            )
        if not 1 <= options["batch_size"] <= bulk.BATCH_LIMIT:
            raise CommandError(f"--batch-size must be between 1 and {bulk.BATCH_LIMIT}.")
        try:
            if options["interests"]:
                return self.list_interests()
            if options["retry_failed"]:
                count = services.subscribers_retry_failed()
                self.stdout.write(f"{count} refused subscriber(s) will be tried again.")
            if not options["sweep_only"]:
                self.batch(options)
            queued = services.subscribers_sweep()
            deletions = services.mailchimp_deletions_sweep()
            services.mailchimp_events_prune()
            self.stdout.write(
                f"Queued {queued} subscriber sync(s) and {deletions} deletion(s) for the worker."
            )
            self.report_failing_deletions()
            if options["reconcile"]:
                self.reconcile(options)
        except mailchimp.MailchimpError as exc:
            raise CommandError(f"Mailchimp: {exc.message}") from None

    def report_failing_deletions(self) -> None:
        failing = MailchimpDeletion.objects.failing().order_by("-last_attempt_at")
        count = failing.count()
        if count:
            latest = failing.first()
            self.stderr.write(
                f"{count} erasure(s) not yet deleted in Mailchimp; the latest answer: "
                f"{latest.error} (see Updates > Mailchimp deletions)."
            )

    def _bar(self, options, total: int, unit: str):
        return tqdm(total=total, unit=unit, disable=options["no_progress"], leave=False)

    def batch(self, options) -> None:
        total = bulk.batch_candidates().count()
        with self._bar(options, total, "member") as bar:
            report = bulk.subscribers_batch_send(
                batch_size=options["batch_size"], progress=bar.update
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Batch: {report.created} created in Mailchimp with {report.calls} call(s); "
                f"{report.already_in_mailchimp} already there (sent one by one instead); "
                f"{len(report.refused)} refused."
            )
        )
        for email, message in report.refused[:EXAMPLES]:
            self.stdout.write(f"  refused {email}: {message}")
        if len(report.refused) > EXAMPLES:
            self.stdout.write(f"  ... and {len(report.refused) - EXAMPLES} more (see the admin).")
        if report.stopped:
            self.stderr.write(f"Stopped early: {report.stopped}. Run again later.")

    def reconcile(self, options) -> None:
        with self._bar(options, None, "member") as bar:
            report = bulk.subscribers_reconcile(
                adopt_statuses=options["adopt_statuses"], progress=bar.update
            )
        self.stdout.write(
            f"Reconcile ({report.calls} call(s)): {report.local} here, "
            f"{report.in_mailchimp} in Mailchimp, {report.unsynced} unsynced here."
        )
        drift = (
            len(report.missing_in_mailchimp) + report.only_in_mailchimp + len(report.status_differs)
        )
        if not drift:
            self.stdout.write(self.style.SUCCESS("No drift."))
            return
        self.stdout.write(self.style.WARNING(f"Drift: {drift} difference(s)."))
        self.stdout.write(
            f"  {len(report.missing_in_mailchimp)} synced here but missing in Mailchimp"
        )
        for email in report.missing_in_mailchimp[:EXAMPLES]:
            self.stdout.write(f"    {email}")
        self.stdout.write(f"  {report.only_in_mailchimp} in Mailchimp but not here")
        self.stdout.write(f"  {len(report.status_differs)} with a different status")
        for email, ours, theirs in report.status_differs[:EXAMPLES]:
            self.stdout.write(f"    {email}: here {ours}, Mailchimp {theirs}")
        if report.statuses_adopted:
            self.stdout.write(f"  {report.statuses_adopted} status(es) updated from Mailchimp.")

    def list_interests(self) -> None:
        gateway = mailchimp.mailchimp_gateway(slot_wait=settings.MAILCHIMP_TIMEOUT)
        for category in gateway.interest_categories():
            self.stdout.write(category["title"])
            for interest in category["interests"]:
                self.stdout.write(f"  {interest['id']}  {interest['name']}")
        unmapped = Interest.objects.originals().filter(mailchimp_interest_id="")
        if unmapped:
            names = ", ".join(interest.name for interest in unmapped)
            self.stdout.write(f"Not mapped yet (Updates > Interests in the admin): {names}")
