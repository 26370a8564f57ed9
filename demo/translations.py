"""The demo site in Spanish and German, translated through wagtail-localize.

Each demo page (the home page and the pages under it, but not the news items,
which stay in English) and each translatable snippet (jurisdictions, interests,
site text) gets a translation source, a translation per language and a string
translation per segment, taken from demo/content/translations_<language>.py; then
the translation is published. Editors therefore find ordinary translations in the
admin: they can edit them in wagtail-localize's editor, sync them when the English
changes, and publish each language on its own.

Safe to run again: a translation that already exists is left as editors have it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cms.models import HomePage, Jurisdiction, NewsPage, SiteText
from updates.models import Interest

from .content import translations_de, translations_es

DEMO_LANGUAGES = {"es": translations_es.SEGMENTS, "de": translations_de.SEGMENTS}


@dataclass
class TranslationsReport:
    created: list[str] = field(default_factory=list)
    existing: int = 0


def demo_segment_text(segment: StringSegment, language: str, texts: dict[str, str]) -> str | None:
    """What a segment says in `language`, or None if the demo has no text for it.

    Page slugs stay as they are (the language prefix tells the pages apart: /es/petition/),
    and links to the site's own pages gain the prefix, so a Spanish button leads on in Spanish.
    """
    path, source_text = segment.context.path, segment.string.data
    if path == "slug":
        return source_text
    if path.endswith(".url") and source_text.startswith("/") and not source_text.startswith("//"):
        return f"/{language}{source_text}"
    return texts.get(source_text)


def demo_translatables() -> list:
    """The demo's originals to translate, parents before children."""
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        return []
    # The home page's children and their own children (the tracker's methodology),
    # not the news items, in tree order so a parent is translated first.
    pages = [
        page.specific
        for page in home.get_descendants().filter(depth__lte=home.depth + 2).order_by("path")
        if page.specific_class not in (Page, NewsPage)
    ]
    return [
        home.specific,
        *pages,
        *Jurisdiction.objects.originals(),
        *Interest.objects.originals(),
        *SiteText.objects.originals(),
    ]


@transaction.atomic
def demo_translations_load() -> TranslationsReport:
    report = TranslationsReport()
    locales = {
        language: Locale.objects.get_or_create(language_code=language)[0]
        for language in DEMO_LANGUAGES
    }
    for original in demo_translatables():
        source, _ = TranslationSource.get_or_create_from_instance(original)
        segments = list(
            StringSegment.objects.filter(source=source).select_related("string", "context")
        )
        for language, locale in locales.items():
            if original.get_translation_or_none(locale) is not None:
                report.existing += 1
                continue
            translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
            for segment in segments:
                text = demo_segment_text(segment, language, DEMO_LANGUAGES[language])
                if text is not None:
                    StringTranslation.objects.update_or_create(
                        translation_of=segment.string,
                        locale=locale,
                        context=segment.context,
                        defaults={"data": text},
                    )
            if isinstance(original, Page):
                # wagtail-localize publishes a page translation when the transaction
                # commits, from a copy of the page taken before the pages under it were
                # translated (so the tree would forget them): save a draft, then publish
                # its revision now, read afresh.
                translation.save_target(publish=False)
                translation.get_target_instance().get_latest_revision().publish()
            else:
                translation.save_target(publish=True)
            report.created.append(f"{language}: {original}")
    return report
