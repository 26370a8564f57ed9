"""Lead-sponsor names, their canonical sponsors, and editors' review of each mapping.

The registry names each study's lead sponsor in free text. Every distinct name
gets one `SponsorMapping`; a new one waits for review with a suggestion (a
sponsor whose name normalises the same, or the sponsor another confirmed
spelling of it points to). An editor confirms it (to an existing sponsor or a new
one), excludes it, or reopens a decision. Only a confirmed mapping sets
`Trial.sponsor`, and only trials with a sponsor are ever counted in public, so
nothing an editor has not looked at is attributed to anyone.

Every decision rewrites `Trial.sponsor` for its name in one UPDATE and queues a
recount of the public records for today (after the commit).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.page_cache import clear_page_cache
from supporters import services as supporters_services

from ..models import RegistryImport, Sponsor, SponsorClass, SponsorMapping, Trial
from ..names import normalise_sponsor_name
from .records import sponsor_records_refresh

BATCH_SIZE = 1000
Review = SponsorMapping.Review


def _confirmed_mapping_of_trial():
    """Confirmed mappings (with a sponsor) of the outer trial's lead-sponsor name."""
    return SponsorMapping.objects.filter(
        raw_name=OuterRef("lead_sponsor_name"), review=Review.CONFIRMED, sponsor__isnull=False
    )


def _suggestions() -> dict[str, int]:
    """{normalised name: sponsor id} from confirmed mappings, then sponsors' own names
    (a sponsor's own name wins). Two queries, whatever the number of sponsors."""
    suggestions: dict[str, int] = dict(
        SponsorMapping.objects.filter(review=Review.CONFIRMED, sponsor__isnull=False)
        .exclude(normalised_name="")
        .order_by("pk")
        .values_list("normalised_name", "sponsor_id")
    )
    for sponsor_id, name in Sponsor.objects.order_by("-pk").values_list("pk", "name"):
        if key := normalise_sponsor_name(name):
            suggestions[key] = sponsor_id
    return suggestions


def trial_sponsors_sync() -> None:
    """Set `Trial.sponsor` from confirmed mappings only, clearing it everywhere else.

    Two UPDATE statements for any number of trials: clear the trials whose sponsor
    no confirmed mapping gives them, then set the ones still without.
    """
    Trial.objects.filter(sponsor__isnull=False).exclude(
        Exists(_confirmed_mapping_of_trial().filter(sponsor=OuterRef("sponsor")))
    ).update(sponsor=None)
    Trial.objects.filter(sponsor__isnull=True).filter(Exists(_confirmed_mapping_of_trial())).update(
        sponsor=Subquery(_confirmed_mapping_of_trial().values("sponsor")[:1])
    )


@transaction.atomic
def mappings_refresh() -> int:
    """Create an unreviewed mapping (with a suggestion) for every lead-sponsor name
    with none, recount trials per name, and set Trial.sponsor from confirmed
    mappings only (clearing it everywhere else). Returns mappings created.

    A constant number of statements: one GROUP BY for the new names, inserts in
    batches, one UPDATE for the counts and two for the trials' sponsors.
    """
    new_names = (
        Trial.objects.exclude(lead_sponsor_name="")
        .exclude(lead_sponsor_name__in=SponsorMapping.objects.values("raw_name"))
        .order_by()
        .values("lead_sponsor_name")
        .annotate(count=Count("pk"), sponsor_class=Max("lead_sponsor_class"))
    )
    suggestions = None
    batch: list[SponsorMapping] = []
    created = 0
    for row in new_names.iterator(chunk_size=BATCH_SIZE):
        if suggestions is None:
            suggestions = _suggestions()
        normalised = normalise_sponsor_name(row["lead_sponsor_name"])
        batch.append(
            SponsorMapping(
                raw_name=row["lead_sponsor_name"],
                normalised_name=normalised,
                sponsor_class=row["sponsor_class"] or "",
                suggested_sponsor_id=suggestions.get(normalised) if normalised else None,
                trial_count=row["count"],
            )
        )
        if len(batch) >= BATCH_SIZE:
            created += _insert(batch)
            batch = []
    created += _insert(batch)
    _suggest_for_waiting(suggestions)

    per_name = (
        Trial.objects.filter(lead_sponsor_name=OuterRef("raw_name"))
        .order_by()
        .values("lead_sponsor_name")
        .annotate(count=Count("pk"))
        .values("count")
    )
    SponsorMapping.objects.update(trial_count=Coalesce(Subquery(per_name), Value(0)))
    trial_sponsors_sync()
    return created


def _suggest_for_waiting(suggestions: dict[str, int] | None) -> None:
    """Names still waiting without a suggestion get one once a sponsor matches them
    (the sponsor was created, or another spelling confirmed, after they arrived)."""
    waiting = SponsorMapping.objects.filter(
        review=Review.UNREVIEWED, suggested_sponsor__isnull=True
    ).exclude(normalised_name="")
    changed: list[SponsorMapping] = []
    for mapping in waiting.only("pk", "normalised_name").iterator(chunk_size=BATCH_SIZE):
        if suggestions is None:
            suggestions = _suggestions()
        if sponsor_id := suggestions.get(mapping.normalised_name):
            mapping.suggested_sponsor_id = sponsor_id
            changed.append(mapping)
    SponsorMapping.objects.bulk_update(changed, ["suggested_sponsor"], batch_size=BATCH_SIZE)


def _insert(batch: list[SponsorMapping]) -> int:
    if not batch:
        return 0
    # A name another refresh inserted meanwhile is left as that one made it.
    SponsorMapping.objects.bulk_create(batch, ignore_conflicts=True)
    return len(batch)


def _records_changed() -> None:
    """Public numbers changed: recount today's records once this transaction commits."""
    from ..tasks import sponsor_records_refresh_task

    today = timezone.localdate().isoformat()
    transaction.on_commit(lambda: sponsor_records_refresh_task.enqueue(today))


def _decide(
    mapping: SponsorMapping, *, review: str, sponsor: Sponsor | None, user
) -> SponsorMapping:
    mapping.review = review
    mapping.sponsor = sponsor
    mapping.reviewed_by = user if getattr(user, "is_authenticated", False) else None
    mapping.reviewed_at = timezone.now()
    mapping.save(update_fields=["review", "sponsor", "reviewed_by", "reviewed_at"])
    public_sponsor = sponsor if review == Review.CONFIRMED else None
    Trial.objects.filter(lead_sponsor_name=mapping.raw_name).update(sponsor=public_sponsor)
    _records_changed()
    return mapping


@transaction.atomic
def mapping_confirm(*, mapping: SponsorMapping, sponsor: Sponsor, user) -> SponsorMapping:
    """This spelling is this sponsor: its trials count for the sponsor in public."""
    if sponsor is None or sponsor.pk is None:
        raise ValidationError(_("Choose the sponsor this name belongs to."))
    return _decide(mapping, review=Review.CONFIRMED, sponsor=sponsor, user=user)


def sponsor_unique_slug(name: str) -> str:
    base = slugify(normalise_sponsor_name(name))[:300] or "sponsor"
    taken = set(Sponsor.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def sponsor_create(*, name: str, sponsor_class: str = SponsorClass.UNKNOWN) -> Sponsor:
    """A new canonical sponsor, with a slug of its own for its page's address."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Enter the sponsor's name."))
    if len(name) > Sponsor._meta.get_field("name").max_length:
        raise ValidationError(_("The sponsor's name is too long."))
    if sponsor_class not in SponsorClass.values:
        raise ValidationError(_("Choose a kind of sponsor from the list."))
    return Sponsor.objects.create(
        name=name, slug=sponsor_unique_slug(name), sponsor_class=sponsor_class
    )


@transaction.atomic
def mapping_confirm_new_sponsor(
    *, mapping: SponsorMapping, name: str, sponsor_class: str, user
) -> SponsorMapping:
    """This spelling is a sponsor the tracker does not know yet: create it and confirm."""
    sponsor = sponsor_create(name=name, sponsor_class=sponsor_class)
    return _decide(mapping, review=Review.CONFIRMED, sponsor=sponsor, user=user)


@transaction.atomic
def mapping_exclude(*, mapping: SponsorMapping, user) -> SponsorMapping:
    """Not a sponsor the tracker names (a typo, a person's name): its trials count for nobody."""
    return _decide(mapping, review=Review.EXCLUDED, sponsor=None, user=user)


@transaction.atomic
def mapping_reopen(*, mapping: SponsorMapping, user) -> SponsorMapping:
    """Back to the review queue: its trials stop counting until it is decided again.

    The sponsor it pointed to becomes the suggestion, so confirming again is one click.
    """
    if mapping.sponsor_id:
        mapping.suggested_sponsor_id = mapping.sponsor_id
        mapping.save(update_fields=["suggested_sponsor"])
    return _decide(mapping, review=Review.UNREVIEWED, sponsor=None, user=user)


def mappings_confirm_suggested(*, mappings, user) -> int:
    """Confirm each given mapping that waits for review to its suggested sponsor.

    Those without a suggestion, or already decided, are left alone. Returns how
    many were confirmed; one recount follows.
    """
    done = 0
    with transaction.atomic():
        locked = (
            SponsorMapping.objects.select_for_update(of=("self",))
            .filter(pk__in=[mapping.pk for mapping in mappings])
            .select_related("suggested_sponsor")
            .order_by("pk")
        )
        for mapping in locked:
            if mapping.review == Review.UNREVIEWED and mapping.suggested_sponsor_id:
                _decide(
                    mapping, review=Review.CONFIRMED, sponsor=mapping.suggested_sponsor, user=user
                )
                done += 1
    return done


@transaction.atomic
def sponsor_update(*, sponsor: Sponsor, name: str, sponsor_class: str, user) -> Sponsor:
    """Rename a sponsor or change its kind; its records follow at the next recount (queued)."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Enter the sponsor's name."))
    if sponsor_class not in SponsorClass.values:
        raise ValidationError(_("Choose a kind of sponsor from the list."))
    sponsor.name = name
    sponsor.sponsor_class = sponsor_class
    sponsor.save(update_fields=["name", "sponsor_class"])
    _records_changed()
    return sponsor


@transaction.atomic
def sponsor_link_organisation(*, sponsor: Sponsor, organisation_id: int | None, user) -> Sponsor:
    """Link the sponsor to a supporting organisation (None unlinks it): the supporters
    list then shows the sponsor's record beside that organisation."""
    linkable = supporters_services.organisations_to_link()
    if organisation_id is not None and not linkable.filter(pk=organisation_id).exists():
        raise ValidationError(_("There is no such organisation on the supporters list."))
    previous = sponsor.organisation_id
    sponsor.organisation_id = organisation_id
    sponsor.save(update_fields=["organisation"])
    if previous != organisation_id:
        _supporters_list_changed()
    return sponsor


def _supporters_list_changed() -> None:
    """The supporters list shows records: our page cache and the CDN's copies go."""
    transaction.on_commit(clear_page_cache)
    supporters_services.public_list_purge()


@transaction.atomic
def sample_data_remove(*, today: datetime.date) -> dict[str, int]:
    """Delete everything the demo invented: sample trials (with their classifications),
    sample sponsors (with their snapshots and records), the names only they used and
    the sample imports; then recount, so the league shows real data alone."""
    removed = {
        "trials": Trial.objects.filter(is_sample=True).delete()[1].get("trials.Trial", 0),
        "sponsors": Sponsor.objects.filter(is_sample=True).delete()[1].get("trials.Sponsor", 0),
    }
    removed["names"] = (
        SponsorMapping.objects.exclude(raw_name__in=Trial.objects.values("lead_sponsor_name"))
        .delete()[1]
        .get("trials.SponsorMapping", 0)
    )
    RegistryImport.objects.filter(source=RegistryImport.Source.SAMPLE).delete()
    sponsor_records_refresh(today=today)
    return removed
