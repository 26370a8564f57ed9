from .pages import MethodologyPage, TrackerPage
from .records import (
    Classification,
    RegistryImport,
    ReportingStatus,
    Sponsor,
    SponsorClass,
    SponsorMapping,
    SponsorRecord,
    SponsorSnapshot,
    Trial,
)

__all__ = [
    "Classification",
    "MethodologyPage",
    "RegistryImport",
    "ReportingStatus",
    "Sponsor",
    "SponsorClass",
    "SponsorMapping",
    "SponsorRecord",
    "SponsorSnapshot",
    "TrackerPage",
    "Trial",
]
