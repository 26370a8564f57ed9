from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.page_cache import mark_cacheable

from .models import Jurisdiction, SiteText


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    """Let the page cache store this page's anonymous response.

    Restricted pages need no check here: an anonymous visitor gets either a redirect
    to sign in (not a 200) or a password form (which uses a CSRF token), and the
    cache stores neither; visitors who may see the page carry a session cookie and
    bypass the cache.

    The page model names the query parameters it reads (`page_cache_query_params`),
    so that parameters it ignores, such as a campaign's tracking tags, do not make
    new entries.
    """
    mark_cacheable(request, query_params=getattr(page, "page_cache_query_params", ()))


class JurisdictionViewSet(SnippetViewSet):
    model = Jurisdiction
    icon = "globe"
    menu_label = "Jurisdictions"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    # A handful of rows, searched in the database: jurisdictions are not in the search index.
    search_backend_name = None


register_snippet(JurisdictionViewSet)


class SiteTextViewSet(SnippetViewSet):
    """The tagline and footer text per site and language (cms/models/snippets.py)."""

    model = SiteText
    icon = "doc-full"
    menu_label = "Site text"
    list_display = ["__str__", "tagline"]
    search_backend_name = None


register_snippet(SiteTextViewSet)
