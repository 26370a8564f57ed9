"""Work done after a request has answered: processing Stripe events and sending receipts."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from core.tasks import EMAILS, PAYMENTS


@task(queue_name=PAYMENTS)
def process_stripe_event(event_pk: int) -> None:
    from .services import stripe_event_process

    stripe_event_process(event_pk=event_pk)


@task(queue_name=EMAILS)
def send_receipt(payment_pk: int) -> None:
    """Thank the donor for one payment, once: the row is claimed before the email goes."""
    from .models import Payment
    from .services import donate_page_absolute_url, manage_url
    from .tokens import manage_token_make

    with transaction.atomic():
        claimed = Payment.objects.filter(pk=payment_pk, receipt_sent_at__isnull=True).update(
            receipt_sent_at=timezone.now()
        )
    if not claimed:
        return
    payment = Payment.objects.select_related("donation__page").get(pk=payment_pk)
    donation = payment.donation
    if not donation.email or donation.erased_at:
        return
    page = donation.page
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
    subject = render_to_string("donations/email/receipt_subject.txt", context).strip()
    body = render_to_string("donations/email/receipt.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [donation.email])
    except Exception:
        # Not sent: release the claim so a retry can send it.
        Payment.objects.filter(pk=payment_pk).update(receipt_sent_at=None)
        raise
