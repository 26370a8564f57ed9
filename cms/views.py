import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site
from wagtail.search.query import PlainText

from core.page_cache import cacheable

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


@require_GET
@cacheable(query_params=["q", "page"])
def search(request):
    """Search over live, public pages with Wagtail search."""
    query = " ".join(request.GET.get("q", "").split())
    error = ""
    results_page = None
    if len(query) > SEARCH_QUERY_MAX_LENGTH:
        error = gettext("Please search for something shorter (at most %(limit)s characters).") % {
            "limit": SEARCH_QUERY_MAX_LENGTH
        }
    elif query:
        site = Site.find_for_request(request)
        pages = Page.objects.live().public().specific()
        if site:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        # Words only: the search backends treat quotes, stars and the like as syntax,
        # and a stray one in a visitor's query must not become an error.
        words = " ".join(re.findall(r"\w+", query))
        results = pages.search(PlainText(words)) if words else pages.none()
        paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
        # get_page() turns a missing, non-numeric or out-of-range number into a real page.
        results_page = paginator.get_page(request.GET.get("page", 1))
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "results": results_page,
            "search_error": error,
            "pagination_query": urlencode({"q": query}),
        },
    )


@require_GET
@cacheable
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@require_GET
def healthz(request):
    """Liveness: the process answers. No database, no template: the baseline for benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def healthz_db(request):
    """Readiness: the database answers one query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@never_cache
def csrf_token(request):
    """A CSRF token for a form on a cached page.

    Cached pages hold nothing per visitor, so their forms carry no token; site.js
    asks here for one (setting the CSRF cookie) before showing the form. Without
    JavaScript the form stays hidden and a link leads to an uncached page with
    the same form.
    """
    return JsonResponse({"token": get_token(request)})
