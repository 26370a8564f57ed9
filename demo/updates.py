"""The demo site's /updates/ page. Safe to run again: an existing page is left as it is."""

from __future__ import annotations

from demo.site import home_child_page_ensure
from updates.models import UpdatesPage

INTRO = (
    "<p>Hear when regulators act, when trial results go missing and when we need your "
    "voice. Choose the news that matters to you; you can unsubscribe at any time.</p>"
)


def updates_page_ensure() -> UpdatesPage | None:
    """The /updates/ page under the home page, created and published if missing.

    None when the site has no home page yet, or when another page already uses the
    slug 'updates' (left for an editor to sort out).
    """
    return home_child_page_ensure(
        UpdatesPage.objects.all(),
        slug="updates",
        build=lambda: UpdatesPage(
            title="Sign up for updates", show_in_menus=True, menu_title="Updates", intro=INTRO
        ),
    )


def updates_demo_load() -> str:
    """Create the demo page; the default interests (UK, EU, USA, Global news) come from a migration."""
    page = updates_page_ensure()
    if page is None:
        return "no /updates/ page (no home page, or the slug is taken)"
    return f"page at {page.url or page.url_path}"
