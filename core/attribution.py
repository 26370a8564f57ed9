"""Where a signer, subscriber or donor came from: first-touch campaign tags and referral codes.

A visitor arrives on a link that may carry `utm_source`, `utm_medium`, `utm_campaign`
(a newsletter, a partner's post) and `ref` (the referral code of the person or
organisation who shared it). Those are kept with the record the visit ends in,
through the abstract `Attribution` model, and nowhere else: no cookie, no profile.

Whole pages are cached without their tracking parameters (core/page_cache.py, and
Varnish strips them), so a cached page never carries them. They travel instead in
the visitor's own browser: `static/js/attribution.js` keeps the first touch of the
tab in `sessionStorage` and fills the hidden inputs of `components/attribution_fields.html`
on any form. Without JavaScript, an uncached form page (the light signing page)
reads them from its own address or the same-site page that led to it.

Values come from the visitor, so `attribution_clean` keeps only short, plain ones and
drops anything else: a bad value is never an error, the record is simply unattributed.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit

from django.db import models
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign")
FIELDS = (*UTM_FIELDS, "referral_code")
# In addresses the referral code is `ref`; in forms and on records, `referral_code`.
QUERY_NAMES = {**{field: field for field in UTM_FIELDS}, "referral_code": "ref"}
UTM_MAX_LENGTH = 100
# Lower-case letters and digits without the look-alikes (0, o, 1, l, i): codes get typed.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 10
_UTM_ALLOWED = re.compile(r"^[\w .\-+:/@|]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CODE_ALLOWED = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


def new_share_code() -> str:
    """A short random code for someone's shared links. It says nothing about who they are.

    31**10 (about 8e14) codes: two signers sharing one by chance is unlikely, and harmless
    (their referrals would be counted together), so it is not enforced unique.
    """
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _clean_utm(value) -> str:
    if not isinstance(value, str):
        return ""
    value = " ".join(_CONTROL.sub(" ", value).split())[:UTM_MAX_LENGTH].strip()
    return value if value and _UTM_ALLOWED.match(value) else ""


def clean_code(value) -> str:
    """The referral code if it is one we could have made, else ""."""
    if not isinstance(value, str):
        return ""
    value = value.strip().lower()
    return value if _CODE_ALLOWED.match(value) else ""


def attribution_clean(data: Mapping, *, names: Mapping[str, str] | None = None) -> dict[str, str]:
    """The four attribution values from form data or a query string, cleaned.

    `names` maps each field to the key it has in `data` (forms use the field names;
    addresses use `QUERY_NAMES`). Anything over-long, oddly written or missing is "".
    """
    names = names or {field: field for field in FIELDS}
    values = {}
    for field in FIELDS:
        raw = data.get(names[field], "")
        if isinstance(raw, list):  # parse_qs
            raw = raw[0] if raw else ""
        values[field] = clean_code(raw) if field == "referral_code" else _clean_utm(raw)
    return values


def attribution_from_post(request: HttpRequest) -> dict[str, str]:
    """What the form's hidden attribution inputs carried (components/attribution_fields.html)."""
    return attribution_clean(request.POST)


def attribution_from_address(request: HttpRequest) -> dict[str, str]:
    """For an uncached form page (no JavaScript needed): the tags in its own address, else
    in the address of the same-site page that linked to it (the browser sends it, the
    site's Referrer-Policy being same-origin)."""
    found = attribution_clean(request.GET, names=QUERY_NAMES)
    if any(found.values()):
        return found
    referrer = request.META.get("HTTP_REFERER", "")
    if referrer and url_has_allowed_host_and_scheme(
        referrer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return attribution_clean(parse_qs(urlsplit(referrer).query), names=QUERY_NAMES)
    return found


def is_empty(attribution: Mapping[str, str]) -> bool:
    return not any(attribution.get(field) for field in FIELDS)


class Attribution(models.Model):
    """The first touch a record came from: campaign tags and the referral code of the link.

    Set once when the record is made (a later visit never overwrites it), exported with
    the person's data and blanked (or deleted with the row) when they are erased.
    """

    utm_source = models.CharField(max_length=UTM_MAX_LENGTH, blank=True)
    utm_medium = models.CharField(max_length=UTM_MAX_LENGTH, blank=True)
    utm_campaign = models.CharField(max_length=UTM_MAX_LENGTH, blank=True)
    referral_code = models.CharField(
        max_length=CODE_LENGTH,
        blank=True,
        help_text="The referral code of the shared link that brought them.",
    )

    class Meta:
        abstract = True

    def attribution_export(self) -> dict[str, str]:
        """For personal-data exports."""
        return {field: getattr(self, field) for field in FIELDS}

    @staticmethod
    def attribution_erased() -> dict[str, str]:
        """The values an erasure's `update()` sets."""
        return {field: "" for field in FIELDS}
