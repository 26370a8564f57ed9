"""Infrastructure's own addresses: the operators' status (GET /healthz/status/)."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_status as status_now

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
