"""Signing up for updates, and Mailchimp's webhook.

The form posts here from the /updates/ page and from the sign-up block on any
page; a new and an already known address get the same answer.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from core.attribution import attribution_from_address, attribution_from_post
from core.consent import ConsentPurpose, wording_record
from core.ratelimits import client_ip, ip_network_key, over

from . import services
from .consent import CONSENT_TEXT
from .forms import SubscribeForm
from .models import UpdatesPage

FORM_SOURCE = "updates-form"


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The form on its own (uncached) page; also where every copy of the form posts."""
    form = SubscribeForm(request.POST or None, initial={"source_url": request.GET.get("from", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if form.is_bot or over_limits(request, data["email"]):
            # Dropped, with the same answer: a bot learns nothing, nobody gets mailed.
            return redirect("updates:subscribe_done")
        services.subscriber_signup(
            email=data["email"],
            first_name=data["first_name"],
            country=data["country"],
            interests=[interest.slug for interest in data["interests"]],
            consent=wording_record(ConsentPurpose.UPDATES_SIGNUP, str(CONSENT_TEXT)),
            source=FORM_SOURCE,
            source_url=data["source_url"],
            attribution=attribution_from_post(request),
            language=translation.get_language() or "",
        )
        return redirect("updates:subscribe_done")
    return render(
        request,
        "updates/subscribe.html",
        {
            "form": form,
            "page_title": _("Sign up for updates"),
            "attribution": attribution_from_post(request)
            if request.method == "POST"
            else attribution_from_address(request),
        },
        status=400 if form.errors else 200,
    )


def over_limits(request, email: str) -> bool:
    """Count this sign-up against the per-email and per-address limits (shared cache)."""
    address = ip_network_key(client_ip(request))
    email_key = hashlib.sha256(services.subscriber_address(email).encode()).hexdigest()
    return over("updates.signup.email", email_key, settings.UPDATES_RATE_LIMIT_EMAIL) or over(
        "updates.signup.ip", address, settings.UPDATES_RATE_LIMIT_IP
    )


@require_GET
def subscribe_done(request):
    page = UpdatesPage.objects.live().first()
    return render(
        request,
        "updates/subscribe_done.html",
        {
            "page_title": _("Check your email"),
            "thank_you_text": page.thank_you_text if page else "",
        },
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def mailchimp_webhook(request, secret: str):
    """Mailchimp's calls about members: checked, stored once, processed by a task.

    The secret in the address is compared in constant time before anything else.
    Mailchimp checks the address with a GET when the webhook is set up, and POSTs a
    form (type, fired_at, data[email], data[merges][FNAME], ...) for each event;
    storing is one insert, so we answer well within its 10 seconds.
    """
    expected = settings.MAILCHIMP_WEBHOOK_SECRET
    if not expected or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise Http404
    if request.method in ("GET", "HEAD"):
        return HttpResponse("ok", content_type="text/plain")
    key = hashlib.sha256(request.body).hexdigest()  # read first: request.POST may consume it
    payload = {name: value for name, value in request.POST.items()}
    # A NUL byte is never in Mailchimp's forms, and the database cannot store one.
    has_nul = any("\x00" in name or "\x00" in value for name, value in payload.items())
    if has_nul or payload.get("type") not in services.WEBHOOK_TYPES:
        return HttpResponseBadRequest(
            "Expected a Mailchimp webhook form.", content_type="text/plain"
        )
    services.mailchimp_event_record(key=key, payload=payload)
    return HttpResponse("ok", content_type="text/plain")
