"""What the campaign can count on and account for: donations, their payments, and
the Stripe events that told us about them.

A *donation* is one person's intention: an amount, a currency, once or every
month. A *payment* is money that actually moved: a one-off donation has at most
one; a monthly donation has one per month (each Stripe invoice). Refunds are
recorded on the payment they return. Totals are always sums of payments, never
of donations, so an abandoned checkout counts for nothing.

Every Stripe webhook event is stored once under its own id before anything is
done with it; the unique constraints on event ids and on payments' Stripe ids
are what make a duplicated delivery change nothing, however many processes
receive it at the same moment.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.attribution import Attribution

from ..money import format_money


class Frequency(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    MONTHLY = "monthly", _("Monthly")


class DonationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting payment")
    PROCESSING = "processing", _("Payment processing")
    PAID = "paid", pgettext_lazy("donation status", "Paid")
    ACTIVE = "active", _("Monthly, active")
    FAILED = "failed", _("Payment failed")
    CANCELLED = "cancelled", _("Monthly, cancelled")
    REFUNDED = "refunded", pgettext_lazy("donation status", "Refunded")
    EXPIRED = "expired", _("Checkout abandoned")


class DonationQuerySet(models.QuerySet):
    def active_monthly(self):
        """Monthly donors whose subscription is running (at least one payment received)."""
        return self.filter(frequency=Frequency.MONTHLY, status=DonationStatus.ACTIVE)

    def with_gift_aid(self):
        return self.filter(gift_aid__isnull=False)

    def subscription_running(self):
        """Monthly donations whose Stripe subscription may still charge: any with one,
        until Stripe says it ended."""
        return (
            self.filter(frequency=Frequency.MONTHLY, stripe_subscription_id__isnull=False)
            .exclude(stripe_subscription_id="")
            .exclude(status=DonationStatus.CANCELLED)
        )


class Donation(Attribution):
    """A donor's gift, once or monthly, from the moment they press Donate.

    It starts *pending* and only a verified Stripe event moves it on: a one-off
    donation becomes *paid* (or *failed*, or later *refunded*); a monthly one
    becomes *active* with its first payment and *cancelled* when the donor or
    Stripe ends the subscription. The thank-you page never changes it.

    Attribution (core/attribution.py): the campaign tags and referral code the donor
    first arrived with.
    """

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    page = models.ForeignKey(
        "donations.DonatePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    amount_minor = models.PositiveIntegerField(help_text="In pence or cents.")
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=12, choices=DonationStatus.choices, default=DonationStatus.PENDING, db_index=True
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    # The language the donor gave in: Stripe Checkout opens in it, and receipts are
    # written in it (by a task worker, which has no request to ask).
    language = models.CharField(
        max_length=15,
        blank=True,
        help_text="The language the donor gave in; empty for the site's default.",
    )

    stripe_checkout_session_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    stripe_subscription_id = models.CharField(max_length=255, unique=True, null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    manage_link_sent_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(
        null=True, blank=True, help_text="When the donor's name and email were erased on request."
    )
    # Ending a monthly donor's subscription in Stripe because they asked to be erased
    # (services.donation_subscription_cancel). Only the subscription id is needed.
    cancel_requested_at = models.DateTimeField(
        null=True, blank=True, help_text="When we asked Stripe to end the subscription."
    )
    cancel_next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When the next try to end the subscription in Stripe is due; "
        "empty once Stripe has confirmed it ended.",
    )
    cancel_attempts = models.PositiveSmallIntegerField(default=0)
    cancel_last_error = models.CharField(max_length=500, blank=True)

    objects = DonationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["currency", "frequency", "status"])]

    def __str__(self) -> str:
        return (
            f"{self.amount_display} {self.get_frequency_display().lower()} from {self.donor_label}"
        )

    @property
    def donor_label(self) -> str:
        if self.erased_at:
            return "(erased donor)"
        return self.name or self.email or "anonymous"

    @property
    def amount_display(self) -> str:
        return format_money(self.amount_minor, self.currency)

    @property
    def is_monthly(self) -> bool:
        return self.frequency == Frequency.MONTHLY

    @property
    def has_gift_aid(self) -> bool:
        return hasattr(self, "gift_aid")

    def total_received_minor(self) -> int:
        """What has come in and stayed in: payments received, less refunds."""
        totals = self.payments.filter(status__in=RECEIVED_STATUSES).aggregate(
            paid=Sum("amount_minor"), refunded=Sum("amount_refunded_minor")
        )
        return (totals["paid"] or 0) - (totals["refunded"] or 0)


class GiftAidDeclaration(models.Model):
    """A UK taxpayer's Gift Aid declaration, as HMRC requires it to be kept.

    Kept for six years after the last claim it supports, even if the donor asks
    to be erased: the name and address here are what HMRC audits, with the
    wording the donor agreed to.
    """

    donation = models.OneToOneField(Donation, on_delete=models.PROTECT, related_name="gift_aid")
    title = models.CharField(max_length=4, blank=True)
    first_name = models.CharField(max_length=35)
    last_name = models.CharField(max_length=35)
    address = models.TextField(help_text="Home address, as the donor gave it.")
    house_name_or_number = models.CharField(max_length=40)
    postcode = models.CharField(max_length=8)
    wording = models.ForeignKey(
        "core.ConsentWording",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The declaration as the donor saw it (core/consent.py).",
    )
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Gift Aid declaration"

    def __str__(self) -> str:
        return f"Gift Aid: {self.first_name} {self.last_name}, {self.postcode}"


class PaymentStatus(models.TextChoices):
    PAID = "paid", "Paid"
    FAILED = "failed", "Failed"
    PARTIALLY_REFUNDED = "partially_refunded", "Partly refunded"
    REFUNDED = "refunded", "Refunded"


#: Money that arrived (some of it may have been returned since).
RECEIVED_STATUSES = (
    PaymentStatus.PAID,
    PaymentStatus.PARTIALLY_REFUNDED,
    PaymentStatus.REFUNDED,
)


class PaymentQuerySet(models.QuerySet):
    def received(self):
        return self.filter(status__in=RECEIVED_STATUSES)

    def refunds(self):
        return self.filter(amount_refunded_minor__gt=0)

    def gift_aid_claimable(self):
        """GBP payments with a declaration, not wholly refunded."""
        return (
            self.received()
            .exclude(status=PaymentStatus.REFUNDED)
            .filter(currency="GBP", donation__gift_aid__isnull=False)
        )


class Payment(models.Model):
    """Money that moved for a donation: the one-off payment, or one month's invoice.

    `stripe_id` is the PaymentIntent (one-off) or the Invoice (monthly): unique,
    so however often Stripe tells us, each payment is recorded once.
    """

    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="payments")
    stripe_id = models.CharField(max_length=255, unique=True)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    amount_minor = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, db_index=True)
    amount_refunded_minor = models.PositiveIntegerField(default=0)
    paid_at = models.DateTimeField(null=True, blank=True, db_index=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    failure_message = models.CharField(max_length=500, blank=True)
    receipt_sent_at = models.DateTimeField(null=True, blank=True)
    # Set when an editor marks the payment as included in a Gift Aid claim to HMRC,
    # so the next claim leaves it out: each payment may be claimed once.
    gift_aid_claimed_at = models.DateTimeField(null=True, blank=True)
    gift_aid_claimed_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_refunded_minor__lte=models.F("amount_minor")),
                name="donations_payment_refund_within_amount",
            )
        ]

    def __str__(self) -> str:
        when = f" on {timezone.localtime(self.paid_at):%d %b %Y}" if self.paid_at else ""
        refunded = f", {self.refunded_display} refunded" if self.amount_refunded_minor else ""
        return f"{self.amount_display} {self.get_status_display().lower()}{when}{refunded}"

    @property
    def amount_display(self) -> str:
        return format_money(self.amount_minor, self.currency)

    @property
    def refunded_display(self) -> str:
        return format_money(self.amount_refunded_minor, self.currency)

    @property
    def net_minor(self) -> int:
        return (
            self.amount_minor - self.amount_refunded_minor
            if self.status in RECEIVED_STATUSES
            else 0
        )


class EventSource(models.TextChoices):
    WEBHOOK = "webhook", "Webhook"
    RECONCILE = "reconcile", "Reconciliation"


class StripeEvent(models.Model):
    """A Stripe event, stored as received under its unique id before it is processed.

    A duplicate delivery finds the row already there and changes nothing; an
    event we never received is found by `stripe_reconcile` and stored the same way.
    Its payload carries the donor's details (Stripe puts them in most objects),
    so it is kept whole only as long as needed: see donations/retention.py.
    """

    stripe_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    livemode = models.BooleanField(default=False)
    # The id of the object the event is about (a session, invoice, subscription or
    # charge): all that processing needs, since handlers re-read the object from Stripe.
    object_id = models.CharField(max_length=255, blank=True, db_index=True)
    # As Stripe sent it, until cut down to its ids (donations/retention.py).
    payload = models.JSONField()
    payload_pruned_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the payload was cut down to its ids: after the retention period, "
        "or when the donor was erased.",
    )
    stripe_created = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=EventSource.choices)
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # When processing may next be queued or tried: a task lease ahead while a run
    # is queued or running, a backoff ahead after a failure, empty once processed.
    # Deliveries of the event before then queue nothing.
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.stripe_id}"
