"""The one module that talks to Stripe (and the only one importing its SDK).

A client is built per use from settings, so tests point it at the fake server
in tests/fakes/stripe.py with override_settings and nothing is built at import.
Everything returned is plain data (dicts and lists), so the rest of the app
never handles SDK objects, and everything that goes wrong is a StripeUnavailable
or a StripeRequestError with a message fit for a log.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import stripe
from django.conf import settings

#: Subscription states in which Stripe will never charge again.
ENDED_SUBSCRIPTION_STATUSES = ("canceled", "incomplete_expired")


class StripeNotConfigured(RuntimeError):
    """No STRIPE_SECRET_KEY: donations are switched off."""


class StripeUnavailable(RuntimeError):
    """Stripe could not be reached, timed out, limited us or failed: try again later."""


class StripeRequestError(RuntimeError):
    """Stripe refused the request itself (bad parameters, unknown id): retrying will not help."""


class InvalidWebhook(ValueError):
    """A webhook whose signature, timestamp or body does not check out."""


# The languages Checkout speaks (Stripe's `locale` values); "auto" lets it follow the
# donor's browser for any other.
CHECKOUT_LOCALES = frozenset(
    [
        "bg",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "en-GB",
        "es",
        "es-419",
        "et",
        "fi",
        "fil",
        "fr",
        "fr-CA",
        "hr",
        "hu",
        "id",
        "it",
        "ja",
        "ko",
        "lt",
        "lv",
        "ms",
        "mt",
        "nb",
        "nl",
        "pl",
        "pt",
        "pt-BR",
        "ro",
        "ru",
        "sk",
        "sl",
        "sv",
        "th",
        "tr",
        "vi",
        "zh",
        "zh-HK",
        "zh-TW",
    ]
)


def checkout_locale(language: str) -> str:
    """The Checkout `locale` for a Django language code: "en-gb" → "en-GB", "es" → "es"."""
    primary, _, region = (language or "").partition("-")
    candidates = [f"{primary.lower()}-{region.upper()}" if region else "", primary.lower()]
    return next((code for code in candidates if code in CHECKOUT_LOCALES), "auto")


def stripe_is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def _plain(obj: Any) -> Any:
    return obj.to_dict() if hasattr(obj, "to_dict") else obj


class StripeGateway:
    """The few Stripe calls the donations app makes."""

    def __init__(self) -> None:
        if not stripe_is_configured():
            raise StripeNotConfigured("Set STRIPE_SECRET_KEY to take donations.")
        base_addresses = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
        self._client = stripe.StripeClient(
            settings.STRIPE_SECRET_KEY,
            base_addresses=base_addresses,
            max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
            http_client=stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT_SECONDS),
        )

    def _call(self, method, *args, **kwargs) -> Any:
        try:
            return _plain(method(*args, **kwargs))
        except (
            stripe.APIConnectionError,
            stripe.RateLimitError,
            stripe.APIError,
            stripe.AuthenticationError,
        ) as error:
            raise StripeUnavailable(
                f"Stripe is unavailable: {error.user_message or error}"
            ) from error
        except stripe.StripeError as error:
            raise StripeRequestError(
                f"Stripe refused the request: {error.user_message or error}"
            ) from error

    # --- Checkout -----------------------------------------------------------------

    def checkout_session_create(self, *, params: dict, idempotency_key: str) -> dict:
        """A hosted Checkout page for one donation. The same key always gives the same session."""
        return self._call(
            self._client.v1.checkout.sessions.create,
            params=params,
            options={"idempotency_key": idempotency_key},
        )

    def checkout_session_retrieve(self, session_id: str) -> dict:
        return self._call(self._client.v1.checkout.sessions.retrieve, session_id)

    # --- What a session leads to ------------------------------------------------------

    def subscription_retrieve(self, subscription_id: str) -> dict:
        return self._call(self._client.v1.subscriptions.retrieve, subscription_id)

    def subscription_cancel(self, subscription_id: str, *, comment: str = "") -> dict:
        """End a subscription now, so Stripe charges nothing more; returns it as it then is.

        Safe to repeat: Stripe answers a subscription that has already ended with
        "No such subscription" (yet keeps it readable), so on a refusal the
        subscription is read back, and one that has ended is returned as it is.
        """
        params = {"cancellation_details": {"comment": comment[:500]}} if comment else None
        try:
            return self._call(self._client.v1.subscriptions.cancel, subscription_id, params=params)
        except StripeRequestError:
            current = self.subscription_retrieve(subscription_id)
            if current.get("status") in ENDED_SUBSCRIPTION_STATUSES:
                return current
            raise

    def invoice_retrieve(self, invoice_id: str) -> dict:
        """The invoice with its payments expanded (each names its PaymentIntent)."""
        return self._call(
            self._client.v1.invoices.retrieve, invoice_id, params={"expand": ["payments"]}
        )

    def invoice_id_for_payment_intent(self, payment_intent_id: str) -> str | None:
        """The invoice a PaymentIntent paid, if any (a monthly payment's charge names only its intent)."""
        found = self._call(
            self._client.v1.invoice_payments.list,
            params={
                "payment": {"type": "payment_intent", "payment_intent": payment_intent_id},
                "limit": 1,
            },
        )
        for invoice_payment in found.get("data", []):
            invoice = invoice_payment.get("invoice")
            return invoice.get("id") if isinstance(invoice, dict) else invoice
        return None

    def payment_intent_retrieve(self, payment_intent_id: str) -> dict:
        return self._call(self._client.v1.payment_intents.retrieve, payment_intent_id)

    def charge_retrieve(self, charge_id: str) -> dict:
        return self._call(self._client.v1.charges.retrieve, charge_id)

    # --- Recovery ---------------------------------------------------------------------

    def events_list(self, *, created_after: int, types: list[str]) -> Iterator[dict]:
        """Every event since a moment (Unix time), oldest first, following Stripe's pages."""
        page = self._call(
            self._client.v1.events.list,
            params={"created": {"gte": created_after}, "types": types, "limit": 100},
        )
        events: list[dict] = []
        while True:
            events.extend(page.get("data", []))
            if not page.get("has_more") or not page.get("data"):
                break
            page = self._call(
                self._client.v1.events.list,
                params={
                    "created": {"gte": created_after},
                    "types": types,
                    "limit": 100,
                    "starting_after": page["data"][-1]["id"],
                },
            )
        # Stripe lists newest first; replaying in the order things happened is kinder.
        return iter(sorted(events, key=lambda event: (event.get("created", 0), event["id"])))

    # --- Donors managing a monthly donation -------------------------------------------

    def billing_portal_session_create(self, *, customer_id: str, return_url: str) -> str:
        """A short-lived link to Stripe's customer portal, where the donor changes or cancels."""
        session = self._call(
            self._client.v1.billing_portal.sessions.create,
            params={"customer": customer_id, "return_url": return_url},
        )
        return session["url"]


def webhook_event_verify(*, payload: bytes, signature_header: str) -> dict:
    """The event in a webhook body, once its Stripe-Signature proves Stripe sent it.

    The signature is an HMAC-SHA256 of "<timestamp>.<raw body>" with the endpoint's
    secret; a wrong or missing signature, an old timestamp or an altered body all
    raise InvalidWebhook. Needs only the webhook secret, not the API key.
    """
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise InvalidWebhook("No STRIPE_WEBHOOK_SECRET is set, so no webhook can be verified.")
    if not signature_header:
        raise InvalidWebhook("Missing Stripe-Signature header.")
    try:
        event = stripe.Webhook.construct_event(
            payload,
            signature_header,
            secret,
            tolerance=settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        )
    except stripe.SignatureVerificationError as error:
        raise InvalidWebhook(f"Signature check failed: {error}") from error
    except ValueError as error:  # not JSON
        raise InvalidWebhook(f"Body is not a Stripe event: {error}") from error
    return _plain(event)
