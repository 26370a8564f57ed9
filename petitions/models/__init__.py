from .pages import CountMode, PetitionPage
from .signatures import ConsentText, PetitionCount, Signature, SignatureQuerySet, Status

__all__ = [
    "ConsentText",
    "CountMode",
    "PetitionCount",
    "PetitionPage",
    "Signature",
    "SignatureQuerySet",
    "Status",
]
