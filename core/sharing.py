"""The share step: links to share a page by email and on social networks, with a referral code.

Every link is a plain address the visitor's browser opens (a "share intent"): no
script, button or cookie from any network is ever on our pages. Mastodon has no
single address, so `mastodon_share_url` turns the instance the visitor names into
its share address (the `share_mastodon` view, a GET redirect that changes nothing).

The shared address carries the sharer's referral code (`ref`, see core/attribution.py)
and, on each network's link, `utm_source=<network>&utm_medium=share`, so the report can
say which network brought a signature and whose link it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from django.urls import reverse
from django.utils.translation import gettext

from .attribution import clean_code

SHARE_MEDIUM = "share"
MAX_TEXT = 280
# A host name as a person would type it: labels of letters, digits and hyphens, with a dot.
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOST = re.compile(rf"^{_LABEL}(\.{_LABEL})+$")


def with_params(url: str, **params: str) -> str:
    """`url` with these query parameters set (replacing any of the same name)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in params]
    query += [(k, v) for k, v in params.items() if v]
    return urlunsplit(parts._replace(query=urlencode(query)))


def referral_url(url: str, code: str, *, source: str = "") -> str:
    """The address to share: `url` with the referral code, and the network it goes out on."""
    params = {"ref": clean_code(code)}
    if source:
        params.update(utm_source=source, utm_medium=SHARE_MEDIUM)
    return with_params(url, **params)


@dataclass(frozen=True)
class ShareLink:
    key: str
    label: str
    href: str


@dataclass(frozen=True)
class Share:
    """What components/share.html shows: the address, the text, and one link per network."""

    url: str  # the address to copy or hand to the browser's share sheet
    title: str
    text: str
    links: list[ShareLink]
    mastodon_url: str  # the address each network's link carries, for the Mastodon form
    mastodon_action: str


def share_for(*, url: str, title: str, text: str, code: str = "") -> Share:
    """The share step for `url` (a full address), carrying `code` when the sharer has one."""
    text = " ".join(text.split())[:MAX_TEXT]

    def on(source: str) -> str:
        return with_params(url, ref=clean_code(code), utm_source=source, utm_medium=SHARE_MEDIUM)

    def both(source: str) -> str:
        return f"{text} {on(source)}"

    links = [
        ShareLink(
            "email", gettext("Email"),
            "mailto:?" + urlencode({"subject": title, "body": both("email")}, quote_via=quote),  # %20, not "+"
        ),
        ShareLink("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": both("whatsapp")})),
        ShareLink(
            "x", "X",
            "https://x.com/intent/post?" + urlencode({"text": text, "url": on("x")}),
        ),
        ShareLink(
            "bluesky", "Bluesky",
            "https://bsky.app/intent/compose?" + urlencode({"text": both("bluesky")}),
        ),
        ShareLink(
            "facebook", "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": on("facebook")}),
        ),
        ShareLink(
            "linkedin", "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": on("linkedin")}),
        ),
    ]  # fmt: skip
    return Share(
        url=with_params(url, ref=clean_code(code)),
        title=title,
        text=text,
        links=links,
        mastodon_url=on("mastodon"),
        mastodon_action=reverse("share_mastodon"),
    )


class InvalidInstance(ValueError):
    pass


def mastodon_host(instance: str) -> str:
    """The host of a Mastodon instance as a person may type it.

    Takes `mastodon.social`, `https://mastodon.social/`, `@me@mastodon.social`; refuses
    anything that is not a plain public host name (no port, path, IP address or user).
    """
    value = (instance or "").strip().lower()
    value = re.sub(r"^https?://", "", value).rstrip("/")
    if value.count("@") and re.match(r"^@?[\w.]+@[^@]+$", value):
        value = value.rsplit("@", 1)[1]
    try:
        value = value.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise InvalidInstance(str(error)) from error
    if len(value) > 253 or not _HOST.match(value) or value.rsplit(".", 1)[1].isdigit():
        raise InvalidInstance(value)
    return value


def mastodon_share_url(*, instance: str, text: str, url: str) -> str:
    """The instance's own share page, with the post written (raises InvalidInstance)."""
    host = mastodon_host(instance)
    body = " ".join(f"{' '.join(text.split())[:MAX_TEXT]} {url}".split())
    return f"https://{host}/share?" + urlencode({"text": body})
