from django.conf import settings
from django.core.management.base import BaseCommand

from donations.retention import stripe_events_prune


class Command(BaseCommand):
    help = (
        "Cut stored Stripe events processed more than STRIPE_EVENT_RETENTION_DAYS ago down "
        "to their ids (id, type, time, the ids of the objects concerned), so the donor "
        "details Stripe sent are not kept for ever. Run daily; safe to run any time."
    )

    def handle(self, *args, **options):
        pruned = stripe_events_prune()
        self.stdout.write(
            f"Cut {pruned} Stripe event(s) processed more than "
            f"{settings.STRIPE_EVENT_RETENTION_DAYS} days ago down to their ids."
        )
