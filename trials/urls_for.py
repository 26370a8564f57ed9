"""Addresses of the tracker's public pages, for code that has no request (no `reverse`).

The sponsor page itself is built elsewhere in the app; this is the one place its
address is spelled, so the supporters list and the admin link to the same page.
"""

from __future__ import annotations


def sponsor_url(sponsor) -> str:
    """The sponsor's page: its trials and its record over time."""
    return f"/trials/sponsors/{sponsor.slug}/"
