"""Which records belong to a person who writes to us with an email address.

An export or an erasure request names a person by an address. The one rule every
app follows to find what that person owns: **the whole address, without the spaces
around it, compared without regard to case** (`Ann@Example.org` and
`ann@example.org` are one person). Nothing else is folded:

- not a `+tag` (`ann+petition@example.org`), and not dots in the local part
  (`a.nn@gmail.com`): on many providers `user+a@x`, `u.ser@x` and `user@x` are
  different mailboxes, often different people, and an erasure must never touch
  another person's records. Whoever asks about a tagged address asks with it.
- not Unicode case beyond lower case (`str.casefold` would make `straße@x` and
  `strasse@x` one person; they are two mailboxes).

Other keys exist for other purposes and stay where they are: a petition finds
duplicate signatures by `petitions.emails.email_key`, which folds `+tag`s so one
person signs once (and its rate limits count by it); Mailchimp names a member by
the hash of the lower-cased address (`updates.models.subscriber_hash`). Neither is
used to decide whose data is exported or erased.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet


def email_match_key(email: str) -> str:
    """The address as the rule compares it: stripped and lower-cased, whole."""
    return email.strip().lower()


def matching_email(queryset: QuerySet, *fields: str, email: str) -> QuerySet:
    """The rows of `queryset` whose address in any of `fields` is this person's.

    The comparison is the database's case-insensitive equality (`iexact`), so a row
    stored in any case is found. An empty address matches nothing.
    """
    if not fields:
        raise TypeError("matching_email needs at least one field")
    address = email.strip()
    if not address:
        return queryset.none()  # an empty address is nobody's (erased rows hold "")
    return queryset.filter(reduce(or_, (Q(**{f"{field}__iexact": address}) for field in fields)))
