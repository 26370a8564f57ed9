"""The smallest site a bench needs: a home page at the root of the default site
(localhost), and one page of a kind under it. Call after django.setup()."""

from __future__ import annotations


def default_site_home():
    """The home page, made if there is none, as the default site's root."""
    from wagtail.models import Page, Site

    from cms.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="Home", slug="bench-home", statement="Every trial reported.")
        Page.get_first_root_node().add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Bench"},
    )
    return home


def page_under_home(model, **fields):
    """The first `model` page, else a new one with `fields` under the home page."""
    home = default_site_home()
    page = model.objects.first()
    if page is None:
        page = model(**fields)
        home.add_child(instance=page)
    return page
