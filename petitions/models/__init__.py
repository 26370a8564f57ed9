from .growth import CountSnapshot, MilestoneReached, PetitionMilestone
from .pages import CountMode, PetitionPage
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
    "SignatureQuerySet",
    "Status",
]
