"""Lead-sponsor names, their canonical sponsors, and editors' review of each mapping."""

from __future__ import annotations


def mappings_refresh() -> int:
    """Create an unreviewed mapping (with a suggestion) for every lead-sponsor name
    with none, recount trials per name, and set Trial.sponsor from confirmed
    mappings only (clearing it everywhere else). Returns mappings created."""
    raise NotImplementedError  # issue 16: H3
