from django.utils import translation
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from core.page_cache import current_generation


def site(request):
    """The current Wagtail site, its tagline and footer text in the visitor's language
    (`site_text`, cms/site_text.py) and the page-cache generation, each looked up only
    if a template uses it.

    Fragment caches in base.html vary on `cache_generation`, so publishing refreshes them
    too, and on `LANGUAGE_CODE` (the address's language), so each language has its own.
    """
    from .site_text import site_words

    return {
        "LANGUAGE_CODE": translation.get_language(),
        "current_site": SimpleLazyObject(lambda: Site.find_for_request(request)),
        "site_text": SimpleLazyObject(lambda: site_words(request)),
        "cache_generation": SimpleLazyObject(current_generation),
    }
