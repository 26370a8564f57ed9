from .growth import CountSnapshot, MilestoneReached, PetitionMilestone
from .imports import SignatureImport, SignatureImportChunk
from .pages import CountMode, PetitionPage, source_petitions
from .signatures import (
    CONFIRMATION_LINK,
    PetitionCount,
    Signature,
    SignatureQuerySet,
    Status,
)

__all__ = [
    "CONFIRMATION_LINK",
    "CountMode",
    "CountSnapshot",
    "MilestoneReached",
    "PetitionMilestone",
    "PetitionCount",
    "PetitionPage",
    "Signature",
    "SignatureImport",
    "SignatureImportChunk",
    "SignatureQuerySet",
    "Status",
    "source_petitions",
]
