from django.utils import translation
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from core.page_cache import current_generation


def site(request):
    """The current Wagtail site and the page-cache generation, each looked up only if a template uses it.

    Fragment caches in base.html vary on `cache_generation`, so publishing refreshes them
    too, and on `LANGUAGE_CODE` (the address's language), so each language has its own.
    """
    return {
        "LANGUAGE_CODE": translation.get_language(),
        "current_site": SimpleLazyObject(lambda: Site.find_for_request(request)),
        "cache_generation": SimpleLazyObject(current_generation),
    }
