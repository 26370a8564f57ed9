from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Jurisdiction
from .page_cache import mark_cacheable


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    """Let the page cache store this page's anonymous response, unless the page is restricted."""
    if not page.get_view_restrictions().exists():
        mark_cacheable(request)


class JurisdictionViewSet(SnippetViewSet):
    model = Jurisdiction
    icon = "globe"
    menu_label = "Jurisdictions"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


register_snippet(JurisdictionViewSet)
