"""Reads for editors: totals by month and currency, and the Gift Aid claim schedule."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .giftaid import ClaimRow
from .models import Donation, Payment
from .money import format_money


@dataclass(frozen=True)
class MonthTotal:
    month: datetime.date
    currency: str
    payments: int
    received_minor: int
    refunded_minor: int

    @property
    def net_minor(self) -> int:
        return self.received_minor - self.refunded_minor

    def display(self, minor: int) -> str:
        return format_money(minor, self.currency)

    @property
    def received(self) -> str:
        return self.display(self.received_minor)

    @property
    def refunded(self) -> str:
        return self.display(self.refunded_minor)

    @property
    def net(self) -> str:
        return self.display(self.net_minor)


def totals_by_month(*, months: int = 12) -> list[MonthTotal]:
    """Money received per calendar month (site's time zone) and currency, newest first.

    Counted from payments, never from donations, so abandoned checkouts and failed
    renewals count for nothing, and refunds are shown beside what they return.
    """
    start = (
        timezone.localdate().replace(day=1) - datetime.timedelta(days=31 * (months - 1))
    ).replace(day=1)
    rows = (
        Payment.objects.received()
        .filter(paid_at__date__gte=start)
        .annotate(month=TruncMonth("paid_at", tzinfo=timezone.get_current_timezone()))
        .values("month", "currency")
        .annotate(
            payments=Count("pk"),
            received=Sum("amount_minor"),
            refunded=Sum("amount_refunded_minor"),
        )
        .order_by("-month", "currency")
    )
    return [
        MonthTotal(
            month=row["month"].date()
            if isinstance(row["month"], datetime.datetime)
            else row["month"],
            currency=row["currency"],
            payments=row["payments"],
            received_minor=row["received"] or 0,
            refunded_minor=row["refunded"] or 0,
        )
        for row in rows
    ]


def active_monthly_summary() -> list[dict]:
    """Per currency: how many monthly donors are active and what they give each month."""
    rows = (
        Donation.objects.active_monthly()
        .values("currency")
        .annotate(donors=Count("pk"), monthly=Sum("amount_minor"))
        .order_by("currency")
    )
    return [
        {
            "currency": row["currency"],
            "donors": row["donors"],
            "monthly": format_money(row["monthly"] or 0, row["currency"]),
        }
        for row in rows
    ]


def gift_aid_claim_rows(
    *, start: datetime.date, end: datetime.date, include_claimed: bool = False
) -> list[ClaimRow]:
    """HMRC's schedule of donations for one claim: GBP payments with a declaration, paid in the dates.

    The amount is what the donor gave and kept given (less any partial refund);
    wholly refunded payments are left out, since Gift Aid can only be claimed on
    money the charity keeps. Payments already marked as claimed are left out too,
    unless `include_claimed` (to see a past claim again).
    """
    payments = Payment.objects.gift_aid_claimable().filter(
        paid_at__date__gte=start, paid_at__date__lte=end
    )
    if not include_claimed:
        payments = payments.filter(gift_aid_claimed_at__isnull=True)
    payments = payments.select_related("donation__gift_aid").order_by("paid_at", "pk")
    rows = []
    for payment in payments:
        declaration = payment.donation.gift_aid
        rows.append(
            ClaimRow(
                title=declaration.title,
                first_name=declaration.first_name,
                last_name=declaration.last_name,
                house=declaration.house_name_or_number,
                postcode=declaration.postcode,
                aggregated="",
                sponsored="",
                date=timezone.localtime(payment.paid_at).strftime("%d/%m/%y"),
                amount=f"{(payment.amount_minor - payment.amount_refunded_minor) / 100:.2f}",
                payment_id=payment.pk,
            )
        )
    return rows
