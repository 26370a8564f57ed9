"""The catalogs' check fails on what would ship untranslated, and compiled catalogs work."""

import gettext
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from core import translations

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: es\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""


def needs_xgettext():
    if shutil.which("xgettext"):
        return
    message = "gettext's xgettext is not installed (make translations-check installs it as root)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def project(tmp_path: Path, template: str, catalog: str) -> Path:
    """A tree with one template and a Spanish catalog, shaped like the project's."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("{% load i18n %}" + template)
    po = translations.catalog_path(tmp_path / "locale", "es")
    po.parent.mkdir(parents=True)
    po.write_text(HEADER + catalog)
    return tmp_path


def test_a_string_marked_in_a_template_but_missing_from_the_catalog_fails_the_check(tmp_path):
    needs_xgettext()
    root = project(
        tmp_path,
        '{% translate "Sign the petition" %} {% translate "Share it" %}',
        'msgid "Sign the petition"\nmsgstr "Firma la petición"\n',
    )
    found = translations.check(root, ["es"])
    assert [(problem.msgid, problem.what) for problem in found] == [("Share it", "not translated")]

    # Translated, the same tree passes.
    po = translations.catalog_path(root / "locale", "es")
    po.write_text(
        po.read_text().replace(
            'msgid "Share it"\nmsgstr ""', 'msgid "Share it"\nmsgstr "Compártela"'
        )
    )
    assert translations.check(root, ["es"]) == []


def test_the_command_exits_with_an_error_naming_each_problem(tmp_path, capsys):
    needs_xgettext()
    root = project(tmp_path, '{% translate "Donate" %}', "")
    with (
        override_settings(BASE_DIR=root, SHIPPED_LANGUAGES=["en-gb", "es"]),
        pytest.raises(CommandError),
    ):
        call_command("translations", "check")
    assert "not translated: 'Donate'" in capsys.readouterr().err


def test_fuzzy_entries_and_changed_placeholders_do_not_ship(tmp_path):
    root = project(
        tmp_path,
        "",
        '#, fuzzy\nmsgid "Thank you"\nmsgstr "Gracias"\n\n'
        '#, python-format\nmsgid "%(count)s signatures"\nmsgstr "%(total)s firmas"\n\n'
        'msgid "One signature"\nmsgid_plural "%(count)s signatures so far"\n'
        'msgstr[0] "Una firma"\nmsgstr[1] ""\n\n'
        'msgid "Signed in {country}"\nmsgstr "Firmado en {país}"\n\n'
        'msgid "Fine as it is"\nmsgstr "Bien así"\n',
    )
    found = translations.check(root, ["es"], refresh=False)
    assert {(problem.msgid, problem.what.split(" (")[0]) for problem in found} == {
        ("Thank you", "fuzzy"),
        ("%(count)s signatures", "placeholders differ from the source"),
        ("One signature", "a plural form is not translated"),
        ("Signed in {country}", "placeholders differ from the source"),
    }


def test_a_shipped_language_without_a_catalog_is_a_problem(tmp_path):
    assert [problem.what for problem in translations.check(tmp_path, ["de"], refresh=False)] == [
        "no catalog for this language"
    ]


def test_compiled_catalogs_translate_and_leave_out_fuzzy_entries(tmp_path):
    root = project(
        tmp_path,
        "",
        'msgid "Sign the petition"\nmsgstr "Firma la petición"\n\n'
        '#, fuzzy\nmsgid "Thank you"\nmsgstr "Gracias"\n',
    )
    written = translations.compile_catalogs(root / "locale")
    assert [path.name for path in written] == ["django.mo"]
    with written[0].open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    assert catalog.gettext("Sign the petition") == "Firma la petición"
    assert catalog.gettext("Thank you") == "Thank you"
    # Unchanged since: nothing is rewritten.
    assert translations.compile_catalogs(root / "locale") == []


def test_the_shipped_catalogs_have_no_untranslated_or_fuzzy_entry():
    # CI also extracts from the code first (make translations-check), which catches a
    # string marked but never added to a catalog.
    languages = translations.translated_languages()
    assert languages == ["es", "de"]
    assert translations.check(settings.BASE_DIR, languages, refresh=False) == []
