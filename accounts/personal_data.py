"""One request about a person, answered everywhere: export or erase their data by email.

Every app that keeps personal data registers a handler here (in its AppConfig.ready)
saying how to export and how to erase what it holds for an email address. The
`personal_data` management command, and later an admin screen, go through
`personal_data_export` / `personal_data_erase`, so a new app that stores people
only has to register to be covered.

Erasure removes the person and keeps what is not theirs or what the law requires
(an organisation's public listing, a petition's count, donation records), and
each handler says in plain words what it removed and what it kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction


@dataclass(frozen=True)
class Handler:
    name: str
    export: Callable[[str], list[dict]]
    erase: Callable[[str], str]


# Filled once at start-up by each app's ready(); read-only afterwards.
_handlers: dict[str, Handler] = {}


def register(
    name: str, *, export: Callable[[str], list[dict]], erase: Callable[[str], str]
) -> None:
    _handlers[name] = Handler(name=name, export=export, erase=erase)


def handlers() -> list[Handler]:
    return list(_handlers.values())


def normalise_email(email: str) -> str:
    return email.strip()


def personal_data_export(*, email: str) -> dict[str, list[dict]]:
    """Everything each app holds about this email address, as plain data."""
    email = normalise_email(email)
    return {handler.name: handler.export(email) for handler in handlers()}


@transaction.atomic
def personal_data_erase(*, email: str) -> dict[str, str]:
    """Erase this person everywhere, in one transaction; returns what each app did.

    Later apps may point at accounts (a listing's owner), so they erase first and
    the account goes last.
    """
    email = normalise_email(email)
    outcomes = {handler.name: handler.erase(email) for handler in reversed(handlers())}
    return {handler.name: outcomes[handler.name] for handler in handlers()}
