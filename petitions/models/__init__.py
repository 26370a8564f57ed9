from .pages import CountMode, PetitionPage
from .signatures import (
    CONFIRMATION_LINK,
    ConsentText,
    PetitionCount,
    Signature,
    SignatureQuerySet,
    Status,
)

__all__ = [
    "CONFIRMATION_LINK",
    "ConsentText",
    "CountMode",
    "PetitionCount",
    "PetitionPage",
    "Signature",
    "SignatureQuerySet",
    "Status",
]
