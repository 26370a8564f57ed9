"""Addresses of the tracker's public pages, for code that has no request (no `reverse`).

The sponsor page is a route of the live `TrackerPage` (`/trials/` in English,
`/es/trials/` in Spanish, wherever editors put it); this is the one place code
outside the page finds it, so the supporters list and the admin link to the page a
visitor of that language reads.
"""

from __future__ import annotations

from collections.abc import Callable

FALLBACK_BASE = "/trials/"


def sponsor_url_maker() -> Callable[[str], str]:
    """A function of a sponsor's slug giving its page's address, after one lookup of
    the tracker page (in the active language if it has one, else the default)."""
    from wagtail.models import Locale

    from .models import TrackerPage

    trackers = TrackerPage.objects.live().public().select_related("locale")
    active = Locale.get_active()
    tracker = trackers.filter(locale=active).first() or trackers.order_by("pk").first()
    if tracker is None:
        return lambda slug: f"{FALLBACK_BASE}sponsors/{slug}/"
    return tracker.sponsor_url


def sponsor_url(sponsor) -> str:
    """The sponsor's page: its trials and its record over time."""
    return sponsor_url_maker()(sponsor.slug)
