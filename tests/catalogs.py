"""The translation catalogs, compiled for tests that read pages in Spanish or German.

The .mo files are built, not committed (`manage.py compilemessages`). A test of a
translated page calls `compiled_catalogs()` first: it compiles each .po that is newer
than its .mo (to a temporary file, then renamed, so parallel workers never read half
a file) and drops Django's cached catalogs so the fresh ones are read.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import trans_real
from wagtail.models import Locale, Page

_read_since_compiled = False


def compiled_catalogs() -> None:
    global _read_since_compiled
    changed = False
    for locale_path in settings.LOCALE_PATHS:
        for po_path in Path(locale_path).glob("*/LC_MESSAGES/django.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            handle, temporary = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
            os.close(handle)
            polib.pofile(str(po_path)).save_as_mofile(temporary)
            os.replace(temporary, mo_path)
            changed = True
    # Once per process (a test before may have read a language before its .mo existed)
    # and after each compile.
    if changed or not _read_since_compiled:
        trans_real._translations = {}
        trans_real._default = None
        _read_since_compiled = True


def translated(page: Page, language_code: str) -> Page:
    """`page` copied into `language_code` (with its parents, as wagtail-localize would)
    and published, so it is served under /<language_code>/."""
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
        if not ancestor.has_translation(locale):
            ancestor.copy_for_translation(locale).save_revision().publish()
    copy = page.specific.copy_for_translation(locale)
    copy.save_revision().publish()
    return copy
