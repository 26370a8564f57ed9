"""What follows every import: map names, classify, count."""

from __future__ import annotations

import datetime

from ..models import RegistryImport
from .classifying import trials_classify
from .records import sponsor_records_refresh
from .sponsors import mappings_refresh


def tracker_refresh(*, today: datetime.date, registry_import: RegistryImport | None = None) -> None:
    """Bring mappings, classifications and sponsor counts up to date with the stored
    trials. Safe to run at any time and twice: each step recomputes from rows."""
    mappings_refresh()
    trials_classify(today=today)
    sponsor_records_refresh(today=today, registry_import=registry_import)
