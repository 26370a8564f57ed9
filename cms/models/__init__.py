from .pages import (
    CampaignPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    RuleStatus,
    SitePage,
)
from .site_settings import SiteSettings
from .snippets import Jurisdiction, SiteText

__all__ = [
    "CampaignPage",
    "HomePage",
    "Jurisdiction",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "RuleStatus",
    "SitePage",
    "SiteSettings",
    "SiteText",
]
