"""The interface strings' catalogs: extract, check and compile them.

English is the source language: every string marked in templates and Python is an
English msgid, and each shipped language has one catalog,
`locale/<language>/LC_MESSAGES/django.po`. Three steps, each a subcommand of
`manage.py translations`:

- `extract` (`make messages`) refreshes the catalogs from the code (Django's
  makemessages, so gettext's xgettext must be installed). New strings arrive with an
  empty translation, changed ones marked fuzzy.
- `check` (CI, through `make translations-check`) extracts, then fails if any shipped
  language has an entry left untranslated or fuzzy, or a translation whose
  placeholders differ from its source (a `%(count)s` lost in translation is a crash
  or a wrong number on the page). A string marked in the code but missing from a
  catalog is caught because the extraction adds it untranslated.
- `compile` writes each catalog's `.mo` beside it (what Django reads), in pure
  Python with polib, so `make run` and `make test` need no gettext tools. `.mo` files
  are built, never committed.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

# Code that ships no interface strings: the tests, installed packages, what the
# project writes at run time, the benchmarks and the deployment scripts.
EXTRACT_IGNORE = ["tests/*", "node_modules/*", "var/*", "bench/*", "deploy/*"]

# %(name)s, %s, %d ... and {name} / {0}: what must survive translation unchanged.
_PERCENT = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")
_BRACES = re.compile(r"(?<!\{)\{[A-Za-z0-9_]*(?:[.:!][^{}]*)?\}(?!\})")


@dataclass(frozen=True)
class Problem:
    catalog: Path
    line: int
    msgid: str
    what: str

    def __str__(self) -> str:
        with contextlib.suppress(ValueError):
            return (
                f"{self.catalog.relative_to(Path.cwd())}:{self.line}: {self.what}: {self.msgid!r}"
            )
        return f"{self.catalog}:{self.line}: {self.what}: {self.msgid!r}"


def translated_languages() -> list[str]:
    """The languages whose catalogs ship with the code: every shipped one but the source.

    A language an operator adds with SITE_LANGUAGES and no catalog shows its content
    translated and the interface in English; it is not checked.
    """
    return [code for code in settings.SHIPPED_LANGUAGES if code != settings.LANGUAGE_CODE]


def catalog_path(locale_dir: Path, language: str) -> Path:
    return locale_dir / _locale_name(language) / "LC_MESSAGES" / "django.po"


def _locale_name(language: str) -> str:
    # Django's own convention: "en-gb" lives in locale/en_GB.
    language, _, region = language.partition("-")
    return f"{language}_{region.upper()}" if region else language


@contextlib.contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def extract(root: Path, languages: Iterable[str]) -> None:
    """Refresh the catalogs under `root/locale` from the code under `root`."""
    with _working_directory(root), override_settings(LOCALE_PATHS=[root / "locale"]):
        call_command(
            "makemessages",
            locale=[_locale_name(code) for code in languages],
            no_obsolete=True,
            add_location="file",
            ignore_patterns=EXTRACT_IGNORE,
            verbosity=0,
        )


def _placeholders(text: str) -> list[str]:
    return sorted(
        match for match in _PERCENT.findall(text) + _BRACES.findall(text) if match != "%%"
    )


def problems(catalog: Path) -> list[Problem]:
    """What stops a catalog shipping: missing, empty, fuzzy or placeholder-changing entries."""
    if not catalog.exists():
        return [Problem(catalog, 0, "", "no catalog for this language")]
    found = []
    for entry in polib.pofile(str(catalog)):
        if entry.obsolete:
            continue

        def problem(what: str, entry=entry) -> Problem:
            return Problem(catalog, entry.linenum, entry.msgid, what)

        if entry.fuzzy:
            found.append(problem("fuzzy (check the translation, then remove the flag)"))
            continue
        if entry.msgid_plural:
            translations = list(entry.msgstr_plural.values())
            if not translations or not all(translations):
                found.append(problem("a plural form is not translated"))
                continue
            sources = {"singular": entry.msgid, "plural": entry.msgid_plural}
            expected = _placeholders(sources["plural"])
            # A language's singular form may leave the number out ("one signature").
            if any(_placeholders(text) not in (expected, []) for text in translations):
                found.append(problem("placeholders differ from the source"))
            continue
        if not entry.msgstr:
            found.append(problem("not translated"))
        elif _placeholders(entry.msgstr) != _placeholders(entry.msgid):
            found.append(problem("placeholders differ from the source"))
    return found


def check(root: Path, languages: Iterable[str], *, refresh: bool = True) -> list[Problem]:
    """Every problem in every shipped catalog, after extracting from the code (unless told not to)."""
    languages = list(languages)
    if refresh:
        extract(root, languages)
    return [found for code in languages for found in problems(catalog_path(root / "locale", code))]


def compile_catalogs(locale_dir: Path) -> list[Path]:
    """Write a .mo beside every .po that is newer than it; returns the ones written.

    Each is written to a temporary file and renamed, so a process reading catalogs
    meanwhile (a parallel test worker, a server) never sees half of one.
    """
    written = []
    for source in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        target = source.with_suffix(".mo")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        handle, temporary = tempfile.mkstemp(dir=source.parent, suffix=".mo.tmp")
        os.close(handle)
        polib.pofile(str(source)).save_as_mofile(temporary)
        os.replace(temporary, target)
        written.append(target)
    return written
