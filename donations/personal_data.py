"""The donations app's share of a personal-data request (see core/personal_data.py).

Erasing a donor removes their name and email from every donation, blanks
their Stripe customer link, and cuts the stored Stripe events about them down
to their ids (see retention.py). What the law makes us keep stays: the amounts and
dates of payments (accounting records, kept six years) and any Gift Aid
declaration with its name and home address (HMRC can ask to see it for six years
after the last claim it supports). Stripe keeps its own records of the payment,
which the charity can ask Stripe to delete separately. A monthly donation's
subscription is ended in Stripe, so nothing more is charged: tried as soon as
the erase commits, then retried in the background until Stripe confirms.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.consent import wording_export
from core.identity import matching_email
from core.personal_data import Erased, Step

from .models import Donation
from .retention import stripe_events_scrub
from .services import donation_subscription_cancel, subscriptions_cancel_request


def _donations(email: str):
    return matching_email(Donation.objects.filter(erased_at__isnull=True), "email", email=email)


def export_donor(email: str) -> list[dict]:
    rows = []
    for donation in (
        _donations(email).select_related("gift_aid__wording").prefetch_related("payments")
    ):
        row = {
            "donation": str(donation.reference),
            "created": donation.created_at,
            "frequency": donation.get_frequency_display(),
            "amount": donation.amount_display,
            "status": donation.get_status_display(),
            "name": donation.name,
            "email": donation.email,
            "came_from": donation.attribution_export(),
            "payments": [
                {
                    "amount": payment.amount_display,
                    "status": payment.get_status_display(),
                    "paid_at": payment.paid_at,
                    "refunded": payment.refunded_display if payment.amount_refunded_minor else "",
                }
                for payment in donation.payments.all()
            ],
        }
        if donation.has_gift_aid:
            declaration = donation.gift_aid
            row["gift_aid_declaration"] = {
                "title": declaration.title,
                "first_name": declaration.first_name,
                "last_name": declaration.last_name,
                "address": declaration.address,
                "postcode": declaration.postcode,
                "declared_at": declaration.declared_at,
                **wording_export(declaration.wording),
            }
        rows.append(row)
    return rows


@transaction.atomic
def erase_donor(email: str) -> str | Erased:
    donations = list(_donations(email).select_for_update(of=("self",)).select_related("gift_aid"))
    if not donations:
        return "no donations."
    declarations = sum(1 for donation in donations if donation.has_gift_aid)
    # Before the customer link goes: it is one of the ids that find their events.
    events = stripe_events_scrub(donations=donations, email=email)
    Donation.objects.filter(pk__in=[d.pk for d in donations]).update(
        name="",
        email="",
        stripe_customer_id="",
        **Donation.attribution_erased(),
        erased_at=timezone.now(),
    )
    # A monthly gift would go on being charged with nobody left to receipt or to
    # send the manage link to: its subscription is ended in Stripe (by its id alone).
    subscriptions = subscriptions_cancel_request(donations=donations)
    message = (
        f"removed the donor's name, email, where they came from and Stripe customer link from {len(donations)} "
        f"donation(s) and what Stripe had sent of them from {events} stored Stripe event(s); "
        "kept the amounts and dates of their payments, which accounting law "
        "requires us to keep for six years"
    )
    if declarations:
        message += (
            f", and kept {declarations} Gift Aid declaration(s) with the name and home address on "
            "them, which HMRC requires us to keep for six years after the last claim they support"
        )
    message += ". Stripe's own copy of the payment is not changed by this."
    if not subscriptions:
        return message
    message += (
        f" Asked Stripe to end {len(subscriptions)} monthly donation(s) so that nothing more "
        "is charged:"
    )
    return Erased(summary=message, finish=lambda: _subscriptions_finish(subscriptions))


def _subscriptions_finish(donation_pks: list[int]) -> list[Step]:
    """Try each cancellation once, now that the erase has committed; say where each stands."""
    steps = []
    for donation_pk in donation_pks:
        outcome = donation_subscription_cancel(donation_pk=donation_pk)
        if outcome is None:  # another run holds it: still under way
            subscription_id = (
                Donation.objects.filter(pk=donation_pk)
                .values_list("stripe_subscription_id", flat=True)
                .first()
            )
            steps.append(
                Step(
                    name=subscription_id or f"donation {donation_pk}",
                    done=False,
                    status="still active — another attempt to cancel it is under way; "
                    "retrying in the background",
                )
            )
            continue
        steps.append(
            Step(name=outcome.subscription_id, done=outcome.cancelled, status=outcome.status)
        )
    return steps
