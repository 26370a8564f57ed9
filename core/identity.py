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

from django.db.models import CharField, Func, Q, QuerySet


def email_match_key(email: str) -> str:
    """The address as the rule compares it: stripped and lower-cased, whole."""
    return email.strip().lower()


#: The SQLite function `AddressKey` calls (registered on each connection by
#: `register_sqlite_function`): SQLite's own LOWER, like its LIKE behind `iexact`,
#: folds ASCII letters only, so `Émile@x` and `émile@x` would stay two people.
SQLITE_FUNCTION = "core_email_match_key"


class AddressKey(Func):
    """A stored address as `email_match_key` compares it, in the database."""

    function = "LOWER"  # PostgreSQL's lower() folds every letter its locale knows
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """On `connection_created`: give a SQLite connection the rule's lower case."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION,
            1,
            lambda value: None if value is None else value.lower(),
            deterministic=True,
        )


def matching_email(queryset: QuerySet, *fields: str, email: str) -> QuerySet:
    """The rows of `queryset` whose address in any of `fields` is this person's.

    Each stored address is lower-cased in the database (`AddressKey`, every letter,
    not only ASCII) and compared with `email_match_key(email)`, so a row stored in
    any case is found. An empty address matches nothing.
    """
    if not fields:
        raise TypeError("matching_email needs at least one field")
    key = email_match_key(email)
    if not key:
        return queryset.none()  # an empty address is nobody's (erased rows hold "")
    keys = {f"_address_key_{n}": AddressKey(field) for n, field in enumerate(fields)}
    return queryset.alias(**keys).filter(reduce(or_, (Q(**{name: key}) for name in keys)))
