"""The header's Sign button and the home page's petition section (cms/calls_to_action.py,
named in CMS_CALLS_TO_ACTION)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import pgettext

from cms.calls_to_action import CallToAction

from .counts import page_cache_seconds
from .models import PetitionPage


def featured_petition(site) -> PetitionPage | None:
    """The petition the site asks visitors to sign: the first open one in the editors'
    order of pages under the home page (they reorder pages in the admin to choose).
    None when no petition is open."""
    now = timezone.now()
    return (
        PetitionPage.objects.live()
        .public()
        .descendant_of(site.root_page)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by("path")
        .first()
    )


def sign_petition(site) -> CallToAction | None:
    """The featured petition, as shown in the visitor's language (its translation, if
    one is live), with the count every translation shares."""
    petition = featured_petition(site)
    if petition is None:
        return None
    language = translation.get_language()
    if language and language != settings.LANGUAGE_CODE:
        petition = petition.in_language(language)
    return CallToAction(
        name="sign",
        label=pgettext("call to action", "Sign"),
        label_more=pgettext("call to action, after Sign", "the petition"),
        url=petition.get_url(current_site=site),
        page_id=petition.pk,
        panel="petitions/components/home_panel.html",
        context={"petition": petition, "tally": petition.tally()},
        # The count it shows may be no older than the petition page's own.
        cache_seconds=page_cache_seconds(),
    )
