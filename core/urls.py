"""Full addresses of this site, for links that leave it: in emails, and from tasks.

Not a URLconf. An email is written by a task with no request to ask for the host, so
every absolute link in one is the site's public address, `BASE_URL` in the
environment (Wagtail's `WAGTAILADMIN_BASE_URL` setting, which its own emails use),
followed by the path. A page rendered for a request builds its absolute links from
that request instead (`request.build_absolute_uri`), so each site in a multi-site
install links to itself.
"""

from __future__ import annotations

from django.conf import settings


def site_url(path: str = "/") -> str:
    """`path` on this site as a full URL; an address that is already full stays as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/" + path.lstrip("/")
