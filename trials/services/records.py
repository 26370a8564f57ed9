"""Counts per sponsor: the dated snapshots, the current record the league reads,
and the record shown beside a supporting organisation."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import RegistryImport


@dataclass(frozen=True)
class OrganisationRecord:
    """A supporting organisation's reporting record under the default rule set."""

    sponsor_name: str
    url: str  # the sponsor's page on the tracker
    due: int
    reported: int
    overdue: int
    percent_reported: float | None
    is_sample: bool


def organisation_records(organisation_ids: Iterable[int]) -> dict[int, OrganisationRecord]:
    """Records of the given organisations that are linked to a sponsor, in one query."""
    raise NotImplementedError  # issue 16: H3


def sponsor_records_refresh(
    *, today: datetime.date, registry_import: RegistryImport | None = None
) -> int:
    """Recount every sponsor from the stored classifications: write today's
    snapshot per sponsor and rule set and replace the current records."""
    raise NotImplementedError  # issue 16: H3
