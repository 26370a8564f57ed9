"""The demo site's /updates/ page. Safe to run again: an existing page is left as it is."""

from __future__ import annotations

from cms.models import HomePage

from .models import UpdatesPage

INTRO = (
    "<p>Hear when regulators act, when trial results go missing and when we need your "
    "voice. Choose the news that matters to you; you can unsubscribe at any time.</p>"
)


def updates_page_ensure() -> UpdatesPage | None:
    """The /updates/ page under the home page, created and published if missing.

    None when the site has no home page yet, or when another page already uses the
    slug 'updates' (left for an editor to sort out).
    """
    existing = UpdatesPage.objects.first()
    if existing is not None:
        return existing
    home = HomePage.objects.first()
    if home is None or home.get_children().filter(slug="updates").exists():
        return None
    page = UpdatesPage(title="Sign up for updates", slug="updates", show_in_menus=True, intro=INTRO)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def updates_demo_load() -> str:
    """Create the demo page; the default interests (UK, EU, USA, Global news) come from a migration."""
    page = updates_page_ensure()
    if page is None:
        return "no /updates/ page (no home page, or the slug is taken)"
    return f"page at {page.url or page.url_path}"
