import datetime
import re

from django.core.management.base import BaseCommand, CommandError

from donations.services import stripe_reconcile, subscription_cancellations_due
from donations.stripe_gateway import StripeNotConfigured, StripeRequestError, StripeUnavailable

UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_since(text: str) -> datetime.timedelta:
    """'3d' -> 3 days, '12h', '90m'. Stripe keeps events for 30 days."""
    match = re.fullmatch(r"\s*(\d+)\s*([mhd])\s*", text or "")
    if not match:
        raise CommandError("--since takes a number and a unit: 90m, 12h or 3d.")
    delta = datetime.timedelta(**{UNITS[match.group(2)]: int(match.group(1))})
    if delta > datetime.timedelta(days=30):
        raise CommandError("Stripe keeps events for 30 days: use --since 30d or less.")
    return delta


class Command(BaseCommand):
    help = (
        "List recent Stripe events and process any this site missed or failed on, and "
        "retry what is due: stored events, and ending erased donors' subscriptions "
        "(run after a webhook outage; safe to run any time)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", default="3d", help="How far back: 90m, 12h, 3d (default 3d)."
        )

    def handle(self, *args, since: str, **options):
        delta = parse_since(since)
        # Money first: subscriptions of erased donors still to be ended, if any are due.
        cancellations = subscription_cancellations_due()
        still_active = [outcome for outcome in cancellations if not outcome.cancelled]
        for outcome in cancellations:
            self.stdout.write(
                f"Erased donor's subscription {outcome.subscription_id}: {outcome.status}"
            )
        try:
            report = stripe_reconcile(since=delta)
        except StripeNotConfigured as error:
            raise CommandError(str(error)) from error
        except (StripeUnavailable, StripeRequestError) as error:
            raise CommandError(f"{error} No event was changed; run again later.") from error
        self.stdout.write(
            f"Stripe events since {since}: {report.listed} listed, {report.new} new to us, "
            f"{report.processed} processed now."
        )
        problems = []
        if still_active:
            problems.append(
                f"{len(still_active)} subscription(s) of erased donors are still active; "
                "they are retried in the background."
            )
        if report.failed:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.failed)} could not be processed (see the log): "
                    + ", ".join(report.failed)
                )
            )
            problems.append("Some events failed; run again once the cause is fixed.")
        if problems:
            raise CommandError(" ".join(problems))
        self.stdout.write(self.style.SUCCESS("Up to date."))
