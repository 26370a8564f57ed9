"""Infrastructure's own addresses: the operators' status (GET /healthz/status/), and
the share step's Mastodon chooser (GET /share/mastodon/)."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpResponseForbidden, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .forms import MastodonShareForm
from .health import health_status as status_now
from .sharing import mastodon_share_url

BEARER = "Bearer "


def _bearer_token(request) -> str | None:
    header = request.headers.get("Authorization", "")
    return header[len(BEARER) :].strip() if header.startswith(BEARER) else None


@require_GET
@never_cache
def health_status(request):
    """Queues, failed tasks, backlogs and the scheduler as JSON: 200 healthy, 503 not.

    For monitors, with `Authorization: Bearer <HEALTH_STATUS_TOKEN>` (checked before
    anything touches the database, so a monitor still hears "database unreachable"),
    and for signed-in superusers. A wrong token is refused (403); anyone else finds
    nothing here (404).
    """
    token = _bearer_token(request)
    expected = settings.HEALTH_STATUS_TOKEN
    if token is not None and expected:
        if not hmac.compare_digest(token.encode(), expected.encode()):
            return HttpResponseForbidden("Wrong token.", content_type="text/plain")
    elif not (request.user.is_authenticated and request.user.is_superuser):
        raise Http404
    status = status_now()
    return JsonResponse(status.as_dict(), status=200 if status.healthy else 503)


@require_GET
@never_cache
def share_mastodon(request):
    """Ask which Mastodon server to share on, then send the visitor to its share page.

    The post's link must be on this site (the page shared from), so this never serves
    as a redirector for anyone else's links; the text is cut to a post's length.
    """
    form = MastodonShareForm(request.GET if "instance" in request.GET else None)
    shared_url = request.GET.get("url", "")
    if not url_has_allowed_host_and_scheme(
        shared_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not shared_url.startswith(("http://", "https://")):
        shared_url = ""
    if form.is_bound and form.is_valid() and shared_url:
        return HttpResponseRedirect(
            mastodon_share_url(
                instance=form.cleaned_data["instance"],
                text=form.cleaned_data["text"],
                url=shared_url,
            )
        )
    if not shared_url:
        form = None  # nothing of ours to share: say so instead
    return render(
        request,
        "core/share_mastodon.html",
        {"form": form, "title_text": gettext("Share on Mastodon")},
        status=400 if (form is None or form.errors) else 200,
    )
