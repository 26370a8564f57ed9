"""Snippets editors translate with wagtail-localize (jurisdictions, interests, site text).

Each translatable snippet has one row per language, tied together by its
`translation_key`. The row in the site's default language (`LANGUAGE_CODE`) is the
original: everything that links to a snippet (a news item's jurisdiction, a
subscriber's interests, feed addresses, Mailchimp ids) links to the original, and
only what a visitor reads uses the translation in their language (`obj.localized`,
which falls back to the original where there is none yet).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.functional import cached_property
from wagtail.coreutils import get_supported_content_language_variant


def default_language_code() -> str:
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def in_default_language() -> Q:
    """The `Q` for originals, usable as a foreign key's `limit_choices_to`."""
    return Q(locale__language_code=default_language_code())


class TranslatableQuerySet(models.QuerySet):
    def originals(self):
        """The rows in the site's default language: the ones everything links to."""
        return self.filter(in_default_language())


def active_language_code() -> str:
    return get_supported_content_language_variant(
        translation.get_language() or settings.LANGUAGE_CODE
    )


class TranslatedOriginalMixin:
    """For a translatable snippet whose originals pages and forms hold."""

    @cached_property
    def translated(self):
        """This original's translation in the active language, else itself.

        Unlike Wagtail's `localized`, asks nothing of the database in the default
        language (pages hold originals), and at most one query in another.
        """
        language = active_language_code()
        if language == default_language_code():
            return self
        return (
            type(self)
            ._default_manager.filter(
                translation_key=self.translation_key, locale__language_code=language
            )
            .first()
            or self
        )
