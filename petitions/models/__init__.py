from .pages import CountMode, PetitionPage
from .signatures import PetitionCount, Signature, SignatureQuerySet, Status

__all__ = [
    "CountMode",
    "PetitionCount",
    "PetitionPage",
    "Signature",
    "SignatureQuerySet",
    "Status",
]
