"""Milestones editors set on a petition, the record of reaching each, and the count's
hourly history (published as open data, see petitions/history.py)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class PetitionMilestone(Orderable):
    """A count the campaign aims for on the way to the goal, and what happens there
    (“At 100,000 we deliver it to the EMA”).

    Set by editors in the page editor, so these rows are part of the page's content:
    publishing, or restoring an old revision, rewrites them. Whether a milestone was
    reached is therefore never stored here but in `MilestoneReached`, which
    publishing never touches.
    """

    page = ParentalKey(
        "petitions.PetitionPage", on_delete=models.CASCADE, related_name="milestones"
    )
    threshold = models.PositiveIntegerField(
        validators=[MinValueValidator(1)],
        help_text="The count at which the milestone is reached.",
    )
    description = models.CharField(
        max_length=250,
        help_text="What happens then, e.g. “At 100,000 we deliver it to the EMA”.",
    )

    panels = [FieldPanel("threshold"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = "milestone"

    def __str__(self) -> str:
        return f"{self.threshold:,}: {self.description}"


class MilestoneReached(models.Model):
    """The fact that a petition's public count reached a milestone's threshold.

    Written once by the count refresh (petitions/milestones.py): the unique
    (petition, threshold) is the lock, so however many refreshes see the count cross
    at the same moment, one row is made and one email goes to the editors. The
    milestone's wording is copied so the record stands if the milestone is edited
    or removed later. A count that later falls back below the threshold (an editor
    invalidates signatures) leaves the record: the milestone was reached.
    """

    wagtail_reference_index_ignore = True

    petition = models.ForeignKey(
        "petitions.PetitionPage", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    threshold = models.PositiveIntegerField()
    description = models.CharField(max_length=250, blank=True)
    count = models.PositiveIntegerField(help_text="The public count when it was seen reached.")
    reached_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "threshold"], name="petitions_milestone_reached_once"
            )
        ]
        ordering = ["threshold"]
        verbose_name = "milestone reached"
        verbose_name_plural = "milestones reached"

    def __str__(self) -> str:
        return f"{self.threshold:,} reached at {self.reached_at:%Y-%m-%d %H:%M}"


class CountSnapshot(models.Model):
    """A petition's public count at one hour (UTC): in total and by country.

    Written by `manage.py petition_history_snapshot` (a scheduled job, hourly): one
    row per petition and hour, the unique pair making a second run in the same hour
    change nothing. Published at /petitions/<id>/history.json and .csv.
    """

    wagtail_reference_index_ignore = True

    petition = models.ForeignKey(
        "petitions.PetitionPage", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    hour = models.DateTimeField(help_text="The start of the hour (UTC) this count stands for.")
    total = models.PositiveIntegerField()
    by_country = models.JSONField(default=dict)
    taken_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "hour"], name="petitions_snapshot_per_hour")
        ]
        ordering = ["petition", "hour"]

    def __str__(self) -> str:
        return f"{self.total} at {self.hour:%Y-%m-%d %H:00}"
