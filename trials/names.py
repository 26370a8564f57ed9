"""How two registry spellings of one sponsor are recognised as the same.

ClinicalTrials.gov holds the lead sponsor as free text, typed by whoever
registered the study: "Pfizer", "Pfizer Inc.", "PFIZER INC"; "Univ. of Oxford",
"University of Oxford"; "Johnson & Johnson", "Johnson and Johnson". The
normalised name is the key that suggests which sponsor a new spelling is: an
editor still confirms every mapping, so a key that joins too much only makes a
wrong suggestion, never a wrong public figure.
"""

from __future__ import annotations

import re
import unicodedata

# Legal forms and filler words that say nothing about which sponsor it is.
LEGAL_WORDS = frozenset(
    {"inc", "ltd", "llc", "gmbh", "plc", "ag", "sa", "corp", "co", "limited", "the"}
)
# Abbreviations written out, so both spellings give one key.
ABBREVIATIONS = {"univ": "university"}
_NOT_WORD = re.compile(r"[^\w]+")
# Initials written with dots ("S.A.", "A.G.", "U.S.") read as one word.
_DOTTED_INITIALS = re.compile(r"\b(?:\w\.){2,}")


def _fold(text: str) -> str:
    """Lower case (casefold), accents removed."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(char for char in text if not unicodedata.combining(char)).casefold()


def normalise_sponsor_name(name: str) -> str:
    """The key every spelling of one sponsor's name gives.

    Case, accents, punctuation and spacing do not count; "&" is "and", "Univ." is
    "university", and legal forms (Inc, Ltd, LLC, GmbH, PLC, AG, SA, Corp, Co,
    Limited) and "the" are dropped wherever they stand, except as the only word
    left ("The" alone stays "the"). "Hoffmann-La Roche AG" and "hoffmann la
    roche" give "hoffmann la roche".
    """
    text = _fold(name or "").replace("&", " and ")
    text = _DOTTED_INITIALS.sub(lambda match: match.group(0).replace(".", "") + " ", text)
    # "_" counts as a word character for \w; registries use it as a space.
    words = _NOT_WORD.sub(" ", text).replace("_", " ").split()
    words = [ABBREVIATIONS.get(word, word) for word in words]
    kept = [word for word in words if word not in LEGAL_WORDS]
    return " ".join(kept or words)
