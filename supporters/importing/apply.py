"""Importing read rows: validate each, then add it or fill in the listing it matches."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django_countries import countries

from core.page_cache import clear_page_cache

from .. import names
from ..models import Category, Organisation, OrganisationDecision, Status
from ..services import organisation_create, organisation_find_duplicates, public_list_purge
from .reading import OPTIONAL_COLUMNS, ImportRow

NAME_MAX_LENGTH = Organisation._meta.get_field("name").max_length
# The fields an import may fill in, in the order the report names them.
IMPORTED_FIELDS = OPTIONAL_COLUMNS
IMPORT_STATUSES = (Status.APPROVED, Status.AWAITING_REVIEW)

# Names people write for a country that django-countries does not know by that name.
_COUNTRY_ALIASES = {
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states": "US",
    "america": "US",
    "holland": "NL",
}


@dataclass
class ImportReport:
    """What an import did, or with `dry_run` would have done.

    `created` holds names, `updated` (name, fields filled in) and `skipped`
    (name, reason). `str(report)` is the summary a person reads.
    """

    created: list[str] = field(default_factory=list)
    updated: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def counts(self) -> str:
        return (
            f"Created {len(self.created)}, updated {len(self.updated)}, skipped {len(self.skipped)}"
        )

    def __str__(self) -> str:
        lines = []
        if self.dry_run:
            lines.append("Dry run: nothing was written. This is what the import would do:")
        lines.append(f"{self.counts}.")
        if self.updated:
            lines.append("Updated:")
            lines.extend(f"  - {name}: {what}" for name, what in self.updated)
        if self.skipped:
            lines.append("Skipped:")
            lines.extend(f"  - {name}: {reason}" for name, reason in self.skipped)
        return "\n".join(lines)


# --- Reading -------------------------------------------------------------------


class _Skip(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_url_validator = URLValidator(schemes=["http", "https"])
_email_validator = EmailValidator()


def _valid_website(value: str) -> str:
    if not value:
        return ""
    url = value if "://" in value or ":" in value else f"https://{value}"
    try:
        _url_validator(url)
    except ValidationError:
        raise _Skip(f"invalid website {value!r} (an http:// or https:// address)") from None
    if len(url) > Organisation._meta.get_field("website").max_length:
        raise _Skip("website address too long")
    return url


def _valid_country(value: str) -> str:
    if not value:
        return ""
    text = value.strip()
    folded = text.casefold()
    code = (
        _COUNTRY_ALIASES.get(folded)
        or countries.alpha2(text)
        or countries.by_name(text)
        or countries.by_name(folded.removeprefix("the "))
    )
    if not code:
        raise _Skip(f"unknown country {value!r}")
    return str(code)


def _valid_category(value: str) -> str:
    if not value:
        return ""
    wanted = " ".join(value.casefold().split())
    for choice in Category:
        if wanted in (choice.value, choice.label.casefold(), choice.value.replace("_", " ")):
            return choice.value
    raise _Skip(f"unknown category {value!r}")


def _validated(row: ImportRow, *, guess: Callable[[str], tuple[str, str]] | None) -> dict[str, str]:
    """The row's fields ready to store, or `_Skip` with the reason it cannot be imported."""
    if row.problem:
        raise _Skip(row.problem)
    if not row.name:
        raise _Skip("no name")
    if "\n" in row.name or "\r" in row.name:
        raise _Skip("line break in the name (a quote left open in the CSV?)")
    if len(row.name) > NAME_MAX_LENGTH:
        raise _Skip(f"name longer than {NAME_MAX_LENGTH} characters")
    if not names.normalise_name(row.name):
        raise _Skip("name has no words to recognise it by")
    values = {
        "website": _valid_website(row.website),
        "country": _valid_country(row.country),
        "category": _valid_category(row.category),
        "statement": row.statement,
        "contact_name": row.contact_name,
        "contact_email": row.contact_email,
        "contact_role": row.contact_role,
    }
    for name in ("statement", "contact_name", "contact_role"):
        limit = Organisation._meta.get_field(name).max_length
        if limit and len(values[name]) > limit:
            raise _Skip(f"{name.replace('_', ' ')} longer than {limit} characters")
    if values["contact_email"]:
        try:
            _email_validator(values["contact_email"])
        except ValidationError:
            raise _Skip(f"invalid contact email {values['contact_email']!r}") from None
    if guess is not None and not (values["country"] and values["category"]):
        country, category = guess(row.name)
        values["country"] = values["country"] or country
        values["category"] = values["category"] or category
    return values


def _stored(organisation: Organisation, name: str) -> str:
    value = getattr(organisation, name)
    return str(getattr(value, "code", value) or "")


def _existing(row: ImportRow, website: str) -> Organisation | None:
    """The listing this row is already, preferring a match on the name to one on the website."""
    matches = list(organisation_find_duplicates(name=row.name, website=website))
    key = names.normalise_name(row.name)
    return next((o for o in matches if o.normalised_name == key), None) or next(iter(matches), None)


def _fill_blanks(organisation: Organisation, values: dict[str, str], *, note: str) -> list[str]:
    filled = [name for name in IMPORTED_FIELDS if values[name] and not _stored(organisation, name)]
    if not filled:
        return []
    for name in filled:
        setattr(organisation, name, values[name])
    organisation.save()
    OrganisationDecision.objects.create(
        organisation=organisation,
        from_status=organisation.status,
        to_status=organisation.status,
        note=f"{note}: filled in {', '.join(filled).replace('_', ' ')}.",
    )
    if organisation.is_public:
        transaction.on_commit(clear_page_cache)
    return filled


def organisations_import(
    *,
    rows: Iterable[ImportRow],
    status: str = Status.APPROVED,
    source_name: str = "a list",
    guess: Callable[[str], tuple[str, str]] | None = None,
    dry_run: bool = False,
    progress: Callable[[ImportRow], None] | None = None,
) -> ImportReport:
    """Add each row as an organisation unless it is already listed, all in one transaction.

    New organisations get `status` (approved, or awaiting review) and a history
    row noting `source_name`. A row matching a listing (same normalised name or
    website domain) fills in that listing's blank fields and changes nothing
    else, not even its status. A row matching an earlier row of the same file is
    skipped. With `guess` (a function from a name to a (country code,
    category) pair, either may be ""), a blank country or category is filled in
    from the organisation's name: the demo passes its classifier; nothing
    guesses by default. With `dry_run` the same work is done and
    reported, then rolled back. `progress` is called after each row.
    """
    if status not in IMPORT_STATUSES:
        raise ValueError(
            f"An import creates listings as approved or awaiting review, not {status!r}."
        )
    note = f"Imported from {source_name}"
    report = ImportReport(dry_run=dry_run)
    seen_names: dict[str, int] = {}
    seen_domains: dict[str, int] = {}
    on_public_list: list[Organisation] = []  # added or changed: the CDN forgets the list once

    with transaction.atomic():
        for row in rows:
            try:
                values = _validated(row, guess=guess)
                key = names.normalise_name(row.name)
                domain = names.website_domain(values["website"])
                earlier = seen_names.get(key) or (seen_domains.get(domain) if domain else None)
                if earlier:
                    raise _Skip(f"duplicate of line {earlier}")
                seen_names[key] = row.line
                if domain:
                    seen_domains[domain] = row.line

                organisation = _existing(row, values["website"])
                if organisation is None:
                    organisation = organisation_create(
                        name=row.name,
                        status=status,
                        note=note,
                        notify_moderators=False,
                        purge_cdn=False,
                        **{name: value for name, value in values.items() if value},
                    )
                    report.created.append(row.name)
                    if organisation.is_public:
                        on_public_list.append(organisation)
                else:
                    filled = _fill_blanks(organisation, values, note=note)
                    if filled and organisation.is_public:
                        on_public_list.append(organisation)
                    if not filled:
                        listed = f"already listed as {organisation.name}"
                        if not organisation.is_public:
                            listed += f" ({organisation.get_status_display().lower()})"
                        raise _Skip(listed)
                    what = f"filled in {', '.join(filled).replace('_', ' ')}"
                    if organisation.name != row.name:
                        what += f" (listed as {organisation.name})"
                    report.updated.append((row.name, what))
            except _Skip as skip:
                report.skipped.append((row.label, skip.reason))
            if progress is not None:
                progress(row)
        if on_public_list:  # sent after the commit, so never on a dry run
            public_list_purge(organisations=on_public_list)
        if dry_run:
            transaction.set_rollback(True)
    return report
