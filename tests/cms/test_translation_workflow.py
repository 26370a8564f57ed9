"""An editor translates a page with wagtail-localize, sees when the English has moved on,
and publishes each language on its own."""

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cms.models import CampaignPage
from tests.factories import CampaignPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("es", "de")}


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def _translate_all(translation: Translation, texts: dict[str, str]) -> None:
    """Fill every segment as an editor would in the translation editor."""
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={"data": texts.get(segment.string.data, segment.string.data)},
        )


def _submit(editor, page, locales) -> None:
    """The admin's "Translate this page": Spanish and German, the home page copied as needed."""
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert editor.get(url).status_code == 200
    response = editor.post(url, {"locales": [locale.pk for locale in locales.values()]})
    assert response.status_code == 302, response.content[:2000]


def test_translate_sync_and_publish_per_language(
    editor, site_tree, locales, django_capture_on_commit_callbacks
):
    page = CampaignPageFactory(
        parent=site_tree["home"],
        title="Why it matters",
        slug="why",
        intro="Hidden results harm.",
        publish=True,
    )
    _submit(editor, page, locales)

    source = TranslationSource.objects.get_for_instance(page)
    spanish = Translation.objects.get(source=source, target_locale=locales["es"])
    german = Translation.objects.get(source=source, target_locale=locales["de"])
    # The translation editor opens on the Spanish draft.
    spanish_page = page.get_translation(locales["es"])
    edit = editor.get(reverse("wagtailadmin_pages:edit", args=[spanish_page.pk]))
    assert edit.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in edit.templates]

    _translate_all(
        spanish,
        {
            "Why it matters": "Por qué importa",
            "Hidden results harm.": "Los resultados ocultos hacen daño.",
        },
    )
    _translate_all(
        german,
        {
            "Why it matters": "Warum es wichtig ist",
            "Hidden results harm.": "Verborgene Ergebnisse schaden.",
        },
    )
    assert spanish.get_progress()[0] == spanish.get_progress()[1]
    # wagtail-localize publishes a translated page when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        german.save_target(publish=True)
    german_page = page.get_translation(locales["de"]).specific
    assert german_page.live and german_page.title == "Warum es wichtig ist"

    # The English changes, and the editor syncs: the translations now wait for the new text.
    page.intro = "Hidden results harm patients."
    page.save_revision().publish()
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert editor.get(sync).status_code == 200
    assert editor.post(sync, {}).status_code == 302
    for translation in (spanish, german):
        total, done = translation.get_progress()
        assert done < total, "a changed English text should leave the translation out of date"
        assert translation.get_status_display() == "Waiting for translations"
    report = editor.get(reverse("wagtail_localize:translations_report"))
    assert report.status_code == 200
    assert "Waiting for translations" in report.content.decode()

    # Publishing the Spanish translation leaves the German one as it was.
    german_before = CampaignPage.objects.get(pk=german_page.pk)
    german_revision = german_before.latest_revision_id
    _translate_all(
        spanish, {"Hidden results harm patients.": "Los resultados ocultos dañan a los pacientes."}
    )
    with django_capture_on_commit_callbacks(execute=True):
        spanish.save_target(publish=True)
    spanish_page = CampaignPage.objects.get(pk=spanish_page.pk)
    assert spanish_page.live
    assert spanish_page.intro == "Los resultados ocultos dañan a los pacientes."
    german_after = CampaignPage.objects.get(pk=german_page.pk)
    assert german_after.latest_revision_id == german_revision
    assert german_after.intro == "Verborgene Ergebnisse schaden."

    assert editor.get("/es/why/").status_code == 200
    assert "dañan a los pacientes" in editor.get("/es/why/").content.decode()
    assert "Verborgene Ergebnisse schaden." in editor.get("/de/why/").content.decode()
