"""One request about a person, answered everywhere: export or erase their data by email.

Every app that keeps personal data registers a handler here (in its AppConfig.ready)
saying how to export and how to erase what it holds for an email address. The
`personal_data` management command, and later an admin screen, go through
`personal_data_export` / `personal_data_erase`, so a new app that stores people
only has to register to be covered.

Erasure removes the person and keeps what is not theirs or what the law requires
(an organisation's public listing, a petition's count, donation records), and
each handler says in plain words what it removed and what it kept.

Some of an erasure happens outside our database (cancelling a Stripe
subscription, deleting a Mailchimp member), where it can fail. An app's `erase`
then returns an `Erased`: its summary, and a `finish` step run once the local
erase has committed. `finish` tries each outside part once and says, per part,
whether it is done or still in progress and why (a `Step`); the app keeps
retrying unfinished parts in the background from what it recorded in its own
rows, needing nothing of the person. So a caller never reports an erasure
complete while, say, a subscription still charges.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    """One part of an erasure carried out by an outside service, as it stands now.

    `name` says what it is about ("sub_1Nx..."), `status` what happened in words
    ("cancelled", or "still active — Stripe did not answer (...); retrying in the
    background").
    """

    name: str
    done: bool
    status: str


@dataclass(frozen=True)
class Erased:
    """What an app's erase returns when part of the erasure is outside our database."""

    summary: str
    finish: Callable[[], list[Step]]


@dataclass(frozen=True)
class Handler:
    name: str
    export: Callable[[str], list[dict]]
    erase: Callable[[str], str | Erased]


@dataclass(frozen=True)
class ErasureReport(Mapping[str, str]):
    """What each app removed and kept (app name -> summary), and its outside steps."""

    summaries: dict[str, str]
    steps: dict[str, list[Step]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> str:
        return self.summaries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.summaries)

    def __len__(self) -> int:
        return len(self.summaries)

    @property
    def in_progress(self) -> list[tuple[str, Step]]:
        """The parts not done yet, each with its app: the erasure is not complete."""
        return [
            (name, step) for name, steps in self.steps.items() for step in steps if not step.done
        ]


# Filled once at start-up by each app's ready(); read-only afterwards.
_handlers: dict[str, Handler] = {}


def register(
    name: str, *, export: Callable[[str], list[dict]], erase: Callable[[str], str | Erased]
) -> None:
    _handlers[name] = Handler(name=name, export=export, erase=erase)


def handlers() -> list[Handler]:
    return list(_handlers.values())


def personal_data_export(*, email: str) -> dict[str, list[dict]]:
    """Everything each app holds about this email address, as plain data.

    Each app finds the person's records by the one rule in core/identity.py.
    """
    email = email.strip()
    return {handler.name: handler.export(email) for handler in handlers()}


def _finish(name: str, erased: Erased) -> list[Step]:
    try:
        return erased.finish()
    except Exception as error:  # the app's own retries still hold what is left to do
        logger.exception("Finishing the erasure in %s failed", name)
        return [
            Step(
                name=name,
                done=False,
                status=f"not tried yet ({type(error).__name__}: {error}); retrying in the "
                "background",
            )
        ]


def personal_data_erase(*, email: str) -> ErasureReport:
    """Erase this person everywhere; returns what each app did, and what is still under way.

    Every app's local erase runs in one transaction. Later apps may point at
    accounts (a listing's owner), so they erase first and the account goes last.
    Once that has committed, each app's outside steps are tried (see `Erased`).
    """
    email = email.strip()
    with transaction.atomic():
        outcomes = {handler.name: handler.erase(email) for handler in reversed(handlers())}
    summaries: dict[str, str] = {}
    steps: dict[str, list[Step]] = {}
    for handler in handlers():
        outcome = outcomes[handler.name]
        if isinstance(outcome, Erased):
            summaries[handler.name] = outcome.summary
            steps[handler.name] = _finish(handler.name, outcome)
        else:
            summaries[handler.name] = outcome
    return ErasureReport(summaries=summaries, steps=steps)
