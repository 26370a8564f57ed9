"""Email addresses as the petition compares them.

People write one address many ways: `Ann@Example.org `, `ann@example.org`, and
`ann+petition@example.org` all reach the same inbox. `email_key` folds these
together so that one person signs once; the address as typed is kept for sending.
"""

from __future__ import annotations

import contextlib
import unicodedata


def split_address(address: str) -> tuple[str, str]:
    """The local part and the domain (lower case, in its ASCII form)."""
    address = unicodedata.normalize("NFKC", address).strip()
    local, _, domain = address.rpartition("@")
    domain = domain.strip().rstrip(".").casefold()
    # A domain that is not valid IDNA stays as typed; the form has rejected it already.
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii")
    return local, domain


def email_key(address: str) -> str:
    """The address normalised for finding duplicates.

    Unicode compatibility forms, surrounding whitespace and case are folded, and a
    `+tag` in the local part is dropped (plus-addressing: most providers deliver
    `ann+x@…` to `ann@…`).
    """
    local, domain = split_address(address)
    local = local.casefold()
    untagged = local.split("+", 1)[0]
    return f"{untagged or local}@{domain}"


def email_domain(address: str) -> str:
    return split_address(address)[1]
