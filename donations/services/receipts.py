"""Receipts, and links for monthly donors to manage their donation."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from core.emails import send_once, send_once_or_retry, templated_message
from core.signing import LinkInvalid, SignedLink
from core.urls import site_url

from ..models import DonatePage, Donation, Payment
from ..stripe_gateway import StripeGateway

# --- Monthly donors managing their donation ---------------------------------------------

# The link in every receipt of a monthly donation: it names the donation and expires, so
# a donor can manage or cancel without an account or password. Opening it only shows a
# page; the portal session is created when the donor presses its button. Its salt and
# payload, {"donation": id}, are those of every link already emailed.
MANAGE_LINK = SignedLink(
    salt="donations.manage-monthly",
    max_age_setting="DONATIONS_MANAGE_LINK_MAX_AGE_DAYS",
    compress=True,
)


def manage_token_make(*, donation_pk: int) -> str:
    return MANAGE_LINK.make({"donation": donation_pk})


def manage_token_read(token: str) -> int | None:
    """The donation's id, or None if the token is altered, unknown or too old."""
    try:
        data = MANAGE_LINK.read(token)
    except LinkInvalid:
        return None
    donation_pk = data.get("donation") if isinstance(data, dict) else None
    return donation_pk if isinstance(donation_pk, int) else None


def donation_portal_url(*, donation: Donation, return_url: str) -> str:
    """A fresh link into Stripe's customer portal for this donor (no password, nothing stored)."""
    if not donation.stripe_customer_id:
        raise ValueError("This donation has no Stripe customer yet.")
    return StripeGateway().billing_portal_session_create(
        customer_id=donation.stripe_customer_id, return_url=return_url
    )


def receipt_email_key(payment_pk: int) -> str:
    """The purpose a receipt is sent under: one per payment (core/emails.py)."""
    return f"donations.receipt:{payment_pk}"


def _receipt_message(payment_pk: int):
    """The receipt, in the language the donor gave in, with links to the pages in it."""
    payment = Payment.objects.select_related("donation__page", "donation__gift_aid__wording").get(
        pk=payment_pk
    )
    donation = payment.donation
    if not donation.email or donation.erased_at:
        return None  # nobody to thank: the donor was erased, or never gave an address
    with translation.override(donation.language or settings.LANGUAGE_CODE):
        page = donation.page.localized if donation.page else None
        gift_aid = getattr(donation, "gift_aid", None) if payment.currency == "GBP" else None
        context = {
            "donation": donation,
            "payment": payment,
            "charity": page.charity() if page else settings.WAGTAIL_SITE_NAME,
            "gift_aid": gift_aid,
            "gift_aid_minor": payment.amount_minor // 4 if gift_aid else 0,
            "manage_url": manage_url(manage_token_make(donation_pk=donation.pk))
            if donation.is_monthly and donation.stripe_customer_id
            else "",
            "manage_days": settings.DONATIONS_MANAGE_LINK_MAX_AGE_DAYS,
            "donate_url": donate_page_absolute_url(page),
        }
        return templated_message(
            template="donations/email/receipt", context=context, to=[donation.email]
        )


def payment_receipt_send(*, payment_pk: int, task=None) -> bool:
    """Thank the donor for one payment, at most once; True if this call sent the receipt.

    The email goes through `core.emails.send_once` under one key per payment, so a
    task run twice sends once, and a run whose worker died after claiming the
    receipt and before sending it leaves a claim that the next run takes over
    when its lease has run out. `receipt_sent_at` records that it was sent (never
    that someone meant to). If the mail server refuses, `task` (the receipt task)
    is queued again for later; without one, raises EmailNotSent.
    """
    if Payment.objects.filter(pk=payment_pk, receipt_sent_at__isnull=False).exists():
        return False
    key, build = receipt_email_key(payment_pk), lambda: _receipt_message(payment_pk)
    if task is None:
        sent = send_once(key=key, build=build)
    else:
        sent = send_once_or_retry(key=key, build=build, task=task, args=(payment_pk,))
    if sent:
        Payment.objects.filter(pk=payment_pk).update(receipt_sent_at=timezone.now())
    return sent


def donate_page_absolute_url(page: DonatePage | None) -> str:
    """The donate page's full address for an email or Stripe's return link (the home page if none)."""
    return site_url((page.get_url() if page is not None else None) or "/")


def manage_url(token: str) -> str:
    return site_url(reverse("donations:manage", args=[token]))
