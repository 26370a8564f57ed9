"""What the site asks every visitor to do (sign the petition, donate), offered by feature apps.

Pages sit below the feature apps and never import one. An app with something to ask
names a function in settings, `CMS_CALLS_TO_ACTION` (as `CMS_BODY_BLOCKS` names
blocks): `function(site) -> CallToAction | None`, answering None when there is
nothing to ask now (no open petition; donations not set up). The header shows each
one as a button, in that order, and leaves its page out of the main menu; the home
page shows those with a `panel` template as a section of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class CallToAction:
    # A short name: the header button's style ("site-action--sign") and a hook for tests.
    name: str
    # The header button's words: one short verb ("Sign", "Donate").
    label: str
    url: str
    # Words screen readers hear after the short label ("the petition"), for its context.
    label_more: str = ""
    # The page it leads to, left out of the main menu (the button stands for it).
    page_id: int | None = None
    # The home page's section for it, rendered with `context`; "" for none.
    panel: str = ""
    context: dict = field(default_factory=dict)
    # How long a page showing the panel may be cached (a live count), or None.
    cache_seconds: int | None = None


def calls_to_action(site) -> list[CallToAction]:
    """What the feature apps ask visitors of `site` to do now, in the settings' order."""
    if site is None:
        return []
    found = (import_string(path)(site) for path in settings.CMS_CALLS_TO_ACTION)
    return [action for action in found if action is not None]
