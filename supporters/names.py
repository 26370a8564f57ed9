"""How two spellings of one organisation are recognised as the same."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# Legal forms that say nothing about which organisation it is.
_LEGAL_SUFFIXES = re.compile(
    r"\b(e\s?\.?\s?v|inc|ltd|limited|llc|plc|gmbh|onlus|cic|charity)\b\.?", re.IGNORECASE
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_NOT_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Lower case, accents removed, curly quotes straightened."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.replace("’", "'").replace("‘", "'").casefold()


def normalise_name(name: str) -> str:
    """A key that the same organisation's name gives however it is written.

    'The Deutscher Psoriasis Bund e.V. (DPB)' and 'Deutscher Psoriasis Bund' give
    the same key: case, accents, punctuation, a leading 'The', acronyms in
    brackets and legal forms such as 'e.V.' or 'Ltd' do not count.
    """
    text = fold(name)
    text = _PARENTHESES.sub(" ", text)
    text = text.replace("&", " and ")
    text = _LEGAL_SUFFIXES.sub(" ", text)
    words = _NOT_WORD.sub(" ", text).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def website_domain(url: str) -> str:
    """The host of a website address, lower case, without 'www.': '' if there is none."""
    if not url:
        return ""
    if "://" not in url:
        url = "https://" + url
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:  # unreadable, such as a stray "[" in the host (imports are not validated)
        return ""
    return host.removeprefix("www.")


def sort_letter(name: str) -> str:
    """The A-Z letter an organisation is listed under ('#' for names that start otherwise)."""
    first = next((char for char in sort_key(name) if char.isalnum()), "")
    return first.upper() if "a" <= first <= "z" else "#"


def sort_key(name: str) -> str:
    """What the A-Z list sorts by: folded, without a leading 'The'."""
    words = fold(name).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)
