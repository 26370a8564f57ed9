"""Starting a donation: the pending row, then Stripe Checkout."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.attribution import attribution_clean
from core.consent import ConsentPurpose, wording_record

from ..models import DonatePage, Donation, Frequency, GiftAidDeclaration
from ..stripe_gateway import StripeGateway, checkout_locale

# --- Starting a donation -------------------------------------------------------------


@dataclass(frozen=True)
class GiftAidDetails:
    title: str
    first_name: str
    last_name: str
    address: str
    house_name_or_number: str
    postcode: str
    declaration_text: str  # as the donor saw it, the charity's name filled in


@transaction.atomic
def donation_create(
    *,
    page: DonatePage | None,
    frequency: str,
    amount_minor: int,
    currency: str,
    name: str,
    email: str,
    gift_aid: GiftAidDetails | None = None,
    attribution: Mapping[str, str] | None = None,
    language: str = "",
) -> Donation:
    """Record a donor's intention to give, pending until Stripe says it is paid.

    `attribution` (core/attribution.py) is where the donor came from, kept with the donation.
    `language` is the one they gave in (one of LANGUAGES, else the default): Checkout
    opens in it and the receipts are written in it.
    """
    offered = {code for code, _ in settings.LANGUAGES}
    language = (language or "").lower()
    donation = Donation.objects.create(
        page=page,
        frequency=frequency,
        amount_minor=amount_minor,
        currency=currency.upper(),
        name=name.strip(),
        email=email.strip(),
        language=language if language in offered else settings.LANGUAGE_CODE,
        **attribution_clean(attribution or {}),
    )
    if gift_aid is not None:
        GiftAidDeclaration.objects.create(
            donation=donation,
            title=gift_aid.title,
            first_name=gift_aid.first_name,
            last_name=gift_aid.last_name,
            address=gift_aid.address,
            house_name_or_number=gift_aid.house_name_or_number,
            postcode=gift_aid.postcode,
            wording=wording_record(ConsentPurpose.GIFT_AID_DECLARATION, gift_aid.declaration_text),
        )
    return donation


def checkout_idempotency_key(donation: Donation) -> str:
    """The same donation always asks Stripe for the same session (a double-click makes one)."""
    return f"donation-{donation.reference}-checkout"


def checkout_session_params(
    *, donation: Donation, charity: str, success_url: str, cancel_url: str
) -> dict:
    """What Stripe needs to take this donation: price data from the amount, our ids in metadata."""
    metadata = {"donation_id": str(donation.pk), "donation_reference": str(donation.reference)}
    monthly = donation.frequency == Frequency.MONTHLY
    language = donation.language or settings.LANGUAGE_CODE
    with translation.override(language):
        product = _("Monthly donation to %(charity)s") if monthly else _("Donation to %(charity)s")
    price_data: dict = {
        "currency": donation.currency.lower(),
        "unit_amount": donation.amount_minor,
        "product_data": {"name": product % {"charity": charity}},
    }
    if monthly:
        price_data["recurring"] = {"interval": "month"}
    params: dict = {
        "mode": "subscription" if monthly else "payment",
        "line_items": [{"price_data": price_data, "quantity": 1}],
        "client_reference_id": str(donation.pk),
        "metadata": metadata,
        "success_url": success_url,
        "cancel_url": cancel_url,
        # Checkout's own words in the donor's language, as the page they came from.
        "locale": checkout_locale(language),
    }
    if donation.email:
        params["customer_email"] = donation.email
    if monthly:
        params["subscription_data"] = {"metadata": metadata}
    else:
        params["submit_type"] = "donate"
        params["payment_intent_data"] = {"metadata": metadata}
        # A customer record lets a one-off donor's refunds and receipts line up in Stripe.
        params["customer_creation"] = "always"
    return params


def donation_checkout_start(
    *, donation: Donation, charity: str, success_url: str, cancel_url: str
) -> str:
    """Create the donation's Checkout Session and return Stripe's page to send the donor to.

    Raises StripeUnavailable / StripeRequestError; the donation then stays pending.
    """
    session = StripeGateway().checkout_session_create(
        params=checkout_session_params(
            donation=donation, charity=charity, success_url=success_url, cancel_url=cancel_url
        ),
        idempotency_key=checkout_idempotency_key(donation),
    )
    Donation.objects.filter(pk=donation.pk).update(
        stripe_checkout_session_id=session["id"], updated_at=timezone.now()
    )
    donation.stripe_checkout_session_id = session["id"]
    return session["url"]
