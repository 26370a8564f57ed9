from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from .page_cache import cacheable

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


@require_GET
@cacheable
def search(request):
    """Search over live, public pages with Wagtail search."""
    query = " ".join(request.GET.get("q", "").split())
    error = ""
    results_page = None
    if len(query) > SEARCH_QUERY_MAX_LENGTH:
        error = (
            f"Please search for something shorter (at most {SEARCH_QUERY_MAX_LENGTH} characters)."
        )
    elif query:
        site = Site.find_for_request(request)
        pages = Page.objects.live().public().specific()
        if site:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        paginator = Paginator(pages.search(query), SEARCH_RESULTS_PER_PAGE)
        try:
            results_page = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results_page = paginator.page(1)
        except EmptyPage:
            results_page = paginator.page(paginator.num_pages)
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
