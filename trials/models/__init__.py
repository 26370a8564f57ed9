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
    "RegistryImport",
    "ReportingStatus",
    "Sponsor",
    "SponsorClass",
    "SponsorMapping",
    "SponsorRecord",
    "SponsorSnapshot",
    "Trial",
]
