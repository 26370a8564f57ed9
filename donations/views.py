"""The donate page and Stripe's way back to us: parse input, call a service, render."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.attribution import attribution_from_address, attribution_from_post
from core.ratelimits import client_ip, ip_network_key, over

from . import giftaid, services
from .forms import DonateForm
from .models import DonatePage, Donation, EventSource
from .money import format_money
from .stripe_gateway import (
    InvalidWebhook,
    StripeNotConfigured,
    StripeRequestError,
    StripeUnavailable,
    stripe_is_configured,
    webhook_event_verify,
)

logger = logging.getLogger(__name__)

TOO_MANY = _(
    "Too many donations have been started from your connection in the last hour. "
    "Nothing was charged; please try again later."
)
UNAVAILABLE = _(
    "We could not reach our payment provider, so nothing has been charged. "
    "Please try again in a few minutes."
)


def _render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    # Per donor, or depends on configuration: never from the whole-page cache.
    add_never_cache_headers(response)
    return response


def _page_context(request, page: DonatePage, **extra) -> dict:
    return {"page": page, "self": page, "request": request, **extra}


def _gift_aid_details(form: DonateForm, page: DonatePage) -> services.GiftAidDetails | None:
    data = form.cleaned_data
    if not data.get("gift_aid"):
        return None
    return services.GiftAidDetails(
        title=data["title"],
        first_name=data["first_name"].strip(),
        last_name=data["last_name"].strip(),
        address=data["address"].strip(),
        house_name_or_number=giftaid.house_name_or_number(data["address"]),
        postcode=data["postcode"],
        declaration_text=giftaid.declaration_text(charity=page.charity()),
    )


def donate_page_serve(request, *, page: DonatePage) -> HttpResponse:
    """GET shows the form; POST records a pending donation and sends the donor to Stripe (303)."""
    configured = stripe_is_configured()
    form = DonateForm(
        request.POST if request.method == "POST" and configured else None,
        options=page.currency_options(),
        allow_monthly=page.allow_monthly,
        selected_currency=request.POST.get("currency") or request.GET.get("currency", ""),
    )
    context = _page_context(
        request,
        page,
        form=form,
        configured=configured,
        declaration=giftaid.declaration_text(charity=page.charity()),
        currency_links=[(option.code, option.symbol) for option in page.currency_options()],
        # The page is never cached (its form holds a CSRF token), so it may carry them.
        attribution=attribution_from_post(request)
        if request.method == "POST"
        else attribution_from_address(request),
    )
    if not configured or request.method != "POST":
        return _render(request, "donations/donate_page.html", context)
    if not form.is_valid():
        return _render(request, "donations/donate_page.html", context, status=400)
    if form.is_bot:
        # The honeypot (core/forms.py): the thanks page anyone sees, with nothing recorded
        # and Stripe never asked.
        return HttpResponseRedirect(page.url.rstrip("/") + "/thanks/", status=303)
    network = ip_network_key(client_ip(request))
    if over("donations.checkout.ip", network, settings.DONATIONS_RATE_LIMIT_IP):
        form.add_error(None, TOO_MANY)
        return _render(request, "donations/donate_page.html", context, status=429)

    data = form.cleaned_data
    donation = services.donation_create(
        page=page,
        frequency=data["frequency"],
        amount_minor=data["amount_minor"],
        currency=data["currency"],
        name=data["name"],
        email=data["email"],
        gift_aid=_gift_aid_details(form, page),
        attribution=attribution_from_post(request),
        language=translation.get_language() or "",
    )
    # Stripe sends the donor back to the site (and host) they gave on, so this comes from
    # the request; core/urls.py's site_url is for emails and tasks, which have no request.
    base = page.get_full_url(request) or request.build_absolute_uri(page.url)
    base = base if base.endswith("/") else base + "/"
    try:
        checkout_url = services.donation_checkout_start(
            donation=donation,
            charity=page.charity(),
            success_url=base + "thanks/?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=base + f"cancelled/?donation={donation.reference}",
        )
    except (StripeUnavailable, StripeRequestError, StripeNotConfigured) as error:
        logger.warning("Checkout for donation %s not started: %s", donation.pk, error)
        form.add_error(None, UNAVAILABLE)
        return _render(request, "donations/donate_page.html", context, status=503)
    return HttpResponseRedirect(checkout_url, status=303)


def donate_thanks(request, *, page: DonatePage) -> HttpResponse:
    """Where Stripe sends a donor after paying. Shows what we know; never marks anything paid.

    Only Stripe's signed webhook records a payment: this address can be typed by
    anyone, and a donor can arrive here before their bank has said yes.
    """
    session_id = request.GET.get("session_id", "")[:255]
    donation = (
        Donation.objects.filter(stripe_checkout_session_id=session_id).first()
        if session_id
        else None
    )
    received = bool(donation and donation.payments.filter(status="paid").exists())
    return _render(
        request,
        "donations/thanks.html",
        _page_context(request, page, donation=donation, received=received),
    )


def donate_cancelled(request, *, page: DonatePage) -> HttpResponse:
    return _render(request, "donations/cancelled.html", _page_context(request, page))


@csrf_exempt
@require_POST
def stripe_webhook(request) -> HttpResponse:
    """Stripe's events: signature first, then stored under their id, then a quick 200.

    Processing happens in a task after the row commits, so Stripe never waits on
    our own calls back to it.
    """
    try:
        webhook_event_verify(
            payload=request.body, signature_header=request.headers.get("Stripe-Signature", "")
        )
        event = json.loads(request.body)
    except (InvalidWebhook, ValueError) as error:
        logger.warning("Stripe webhook refused: %s", error)
        return HttpResponseBadRequest(f"Refused: {error}", content_type="text/plain")
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        return HttpResponseBadRequest("Refused: not a Stripe event.", content_type="text/plain")
    try:
        stored, created = services.stripe_event_store(event=event, source=EventSource.WEBHOOK)
    except DatabaseError:
        # Not stored (the database is busy or down): a 503 makes Stripe send it again later.
        logger.exception("Stripe event %s not stored", event.get("id"))
        return HttpResponse("Try again later.", status=503, content_type="text/plain")
    return JsonResponse({"received": True, "duplicate": not created})


def _manage_donation(token: str) -> Donation | None:
    donation_pk = services.manage_token_read(token)
    if donation_pk is None:
        return None
    return Donation.objects.filter(pk=donation_pk, erased_at__isnull=True).first()


def manage_monthly(request, token: str) -> HttpResponse:
    """A monthly donor's emailed link: GET shows a button; POST opens Stripe's customer portal.

    Nothing changes on GET (mail scanners open links), and nothing here asks for a password.
    """
    donation = _manage_donation(token)
    if donation is None or not donation.is_monthly:
        return _render(request, "donations/manage.html", {"invalid": True}, status=400)
    context = {
        "donation": donation,
        "amount": format_money(donation.amount_minor, donation.currency),
    }
    if request.method == "POST":
        try:
            url = services.donation_portal_url(
                donation=donation, return_url=services.donate_page_absolute_url(donation.page)
            )
        except (StripeUnavailable, StripeRequestError, StripeNotConfigured, ValueError) as error:
            logger.warning("Portal for donation %s not opened: %s", donation.pk, error)
            context["error"] = _(
                "We could not open the page to manage your donation just now. "
                "Please try again in a few minutes, or reply to your receipt email."
            )
            return _render(request, "donations/manage.html", context, status=503)
        return HttpResponseRedirect(url, status=303)
    return _render(request, "donations/manage.html", context)
