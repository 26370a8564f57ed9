"""The trials tracker's workflows, and what other apps may ask of it.

Other feature apps import only this module (import-linter holds them to it):
`organisation_records` is how the supporters list shows the reporting record of a
supporting organisation that is also a trial sponsor.
"""

from __future__ import annotations

from .records import OrganisationRecord, organisation_records

__all__ = ["OrganisationRecord", "organisation_records"]
